import { basename } from 'node:path';
import { Command } from 'commander';
import nodemailer from 'nodemailer';
import { collect, parsePort } from './option-parsers.js';

interface SendFlags {
  smtpHost: string;
  smtpPort: number;
  from: string;
  to?: string[];
  subject: string;
  attach?: string[];
}

// The defaults exercise what catchers most often get wrong: an encoded UTF-8 subject, 8-bit
// text, multipart/alternative and an attachment.
const DEFAULT_SUBJECT = 'Beanpost test ✉ — Grüße, 你好';
const DEFAULT_TO = 'test@example.com';

function content(sentAt: string): { text: string; html: string } {
  return {
    text: `Hello from beanpost send.\n\nGrüße, 你好, привет. Sent at ${sentAt}.\n`,
    html:
      '<!doctype html><html><body style="font-family: sans-serif">' +
      '<h1>Hello from <em>beanpost send</em></h1>' +
      `<p>Grüße, 你好, привет. Sent at ${sentAt}.</p>` +
      '<p>This message has an HTML part, a text part and a small attachment.</p>' +
      '</body></html>',
  };
}

export function sendCommand(): Command {
  return new Command('send')
    .description('Send a test message to an SMTP server (Beanpost or any other)')
    .option('--smtp-host <host>', 'SMTP server host', '127.0.0.1')
    .option('--smtp-port <n>', 'SMTP server port', parsePort, 1025)
    .option('--from <address>', 'sender', 'Beanpost <beanpost@example.com>')
    .option('--to <address>', `recipient, repeatable (default: ${DEFAULT_TO})`, collect)
    .option('--subject <text>', 'subject', DEFAULT_SUBJECT)
    .option('--attach <file>', 'attach a file, repeatable', collect)
    .action(async (flags: SendFlags) => {
      const transport = nodemailer.createTransport({
        host: flags.smtpHost,
        port: flags.smtpPort,
        secure: false,
        // A test sender talks to catchers with self-signed certificates: STARTTLS, unverified.
        tls: { rejectUnauthorized: false },
      });
      const sentAt = new Date().toISOString();
      try {
        const info = await transport.sendMail({
          from: flags.from,
          to: flags.to ?? [DEFAULT_TO],
          subject: flags.subject,
          ...content(sentAt),
          attachments: [
            { filename: 'beanpost-test.txt', content: `A small attachment, sent at ${sentAt}.\n` },
            ...(flags.attach ?? []).map((path) => ({ filename: basename(path), path })),
          ],
        });
        console.log(`${flags.smtpHost}:${flags.smtpPort} answered: ${info.response}`);
        console.log(`accepted: ${info.accepted.join(', ') || '(none)'}`);
        if (info.rejected.length > 0) console.log(`rejected: ${info.rejected.join(', ')}`);
      } catch (error) {
        console.error(
          `beanpost: could not send to ${flags.smtpHost}:${flags.smtpPort}: ${(error as Error).message}`,
        );
        process.exitCode = 1;
      } finally {
        transport.close();
      }
    });
}
