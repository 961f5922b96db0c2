import type { AddressInfo } from 'node:net';
import {
  SMTPServer,
  type SMTPServerDataStream,
  type SMTPServerError,
  type SMTPServerSession,
} from 'smtp-server';
import type { Envelope } from '../../shared/messages.js';
import { listenError } from '../engine-error.js';
import type { MessageIngest } from './message-ingest.js';
import { TranscriptRecorder } from './smtp-transcript.js';
import type { TlsCertificate } from './tls-certificate.js';

export interface SmtpCatcherOptions {
  host: string;
  port: number;
  maxMessageSize: number;
  /** Offer STARTTLS with this certificate; null = STARTTLS is not offered. */
  tls: TlsCertificate | null;
}

/**
 * The SMTP side: accepts every message (any AUTH or none, any sender, any recipient), never
 * relays, and answers 250 only once the message is committed to the store.
 */
export class SmtpCatcher {
  private readonly server: SMTPServer;
  private readonly transcripts = new TranscriptRecorder();

  constructor(
    private readonly options: SmtpCatcherOptions,
    private readonly ingest: MessageIngest,
  ) {
    this.server = new SMTPServer({
      ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
      banner: 'Beanpost',
      size: options.maxMessageSize,
      authMethods: ['PLAIN', 'LOGIN'],
      authOptional: true,
      // A catcher accepts credentials on a plain connection too: it is loopback test traffic.
      allowInsecureAuth: true,
      disabledCommands: options.tls ? [] : ['STARTTLS'],
      // Reverse DNS of a loopback client is useless and may wait on an absent resolver.
      disableReverseLookup: true,
      logger: this.transcripts.logger,
      onConnect: (session, callback) => {
        this.transcripts.open(session.id);
        callback();
      },
      onClose: (session) => this.transcripts.close(session.id),
      onAuth: (auth, _session, callback) => {
        // Any credentials are accepted; the name is recorded in the envelope.
        callback(null, { user: auth.username ?? '' });
      },
      onData: (stream, session, callback) => this.receive(stream, session, callback),
    });
    // smtp-server re-emits listener and connection errors here (resets, TLS failures) after
    // it closed that connection; without a listener the 'error' event would crash the process.
    this.server.on('error', () => {});
  }

  /** Rejects with EngineError (PORT_IN_USE, ...) when the port cannot be bound. */
  async start(): Promise<{ host: string; port: number }> {
    const { host, port } = this.options;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(listenError(error, 'smtp', host, port));
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    const bound = this.server.server.address() as AddressInfo;
    return { host: bound.address, port: bound.port };
  }

  /**
   * Stops accepting connections, lets messages that finished DATA be committed, then closes
   * every connection (a message still being transferred is dropped, never half stored).
   */
  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.ingest.drain();
    for (const connection of this.server.connections) {
      connection.send(421, 'Beanpost is shutting down');
      connection.close();
    }
    await closed;
  }

  private receive(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (error?: Error | null, message?: string) => void,
  ): void {
    const receivedAt = Date.now();
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => {
      // Past the limit keep reading (the client is still sending) but stop holding the bytes.
      if (!stream.sizeExceeded) chunks.push(chunk);
    });
    // The client went away mid-DATA: smtp-server destroys the stream and nothing is stored.
    stream.on('error', () => {});
    stream.on('end', () => {
      if (stream.sizeExceeded) {
        const error: SMTPServerError = new Error(
          `message exceeds fixed maximum message size ${this.options.maxMessageSize}`,
        );
        error.responseCode = 552;
        callback(error);
        return;
      }
      const raw = Buffer.concat(chunks);
      const reply = 'OK: message stored';
      this.ingest
        .accept({
          raw,
          envelope: envelopeOf(session),
          transcript: this.transcripts.take(session.id, raw.length, `250 ${reply}`),
          receivedAt,
        })
        .then(
          () => callback(null, reply),
          (error: unknown) => {
            const failure: SMTPServerError = new Error(
              `could not store the message: ${error instanceof Error ? error.message : String(error)}`,
            );
            failure.responseCode = 451;
            callback(failure);
          },
        );
    });
  }
}

function envelopeOf(session: SMTPServerSession): Envelope {
  const { envelope } = session;
  const user: unknown = session.user;
  return {
    mailFrom: envelope.mailFrom ? envelope.mailFrom.address : '',
    rcptTo: envelope.rcptTo.map((rcpt) => rcpt.address),
    remoteAddress: session.remoteAddress,
    clientHostname: session.clientHostname,
    heloName: typeof session.hostNameAppearsAs === 'string' ? session.hostNameAppearsAs : '',
    authUser: typeof user === 'string' ? user : null,
    secure: session.secure,
    utf8: envelope.smtpUtf8 === true,
  };
}
