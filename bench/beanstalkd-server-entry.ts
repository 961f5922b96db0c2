// `beanpost beanstalkd` from source, so the benchmark measures our server in a process of
// its own, as the real beanstalkd runs in its own.
import { beanstalkdCommand } from '../src/cli/beanstalkd-command.js';

await beanstalkdCommand().parseAsync(process.argv.slice(2), { from: 'user' });
