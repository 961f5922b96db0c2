import { Command } from 'commander';
import { packageInfo } from '../server/package-root.js';
import { beanstalkdCommand } from './beanstalkd-command.js';
import { sendCommand } from './send-command.js';
import { serveCommand } from './serve-command.js';

const { version } = packageInfo();

/** Every subcommand; each lives in its own <name>-command.ts and is listed here. */
const commands: Command[] = [serveCommand(), sendCommand(), beanstalkdCommand()];

const program = new Command('beanpost')
  .description('Run the notification-mail pipeline offline: SMTP catcher, UI and API.')
  .version(version);
for (const command of commands) program.addCommand(command);

await program.parseAsync(process.argv);
