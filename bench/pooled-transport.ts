import nodemailer from 'nodemailer';

/**
 * The benchmarks' SMTP client: a nodemailer pool that keeps its connections for the whole run.
 * nodemailer reconnects after 100 messages by default, and each new connection waits out
 * smtp-server's 100 ms greeting delay, which is not what any benchmark here measures.
 */
export function pooledTransport(port: number, connections: number) {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: connections,
    maxMessages: Number.POSITIVE_INFINITY,
  });
}
