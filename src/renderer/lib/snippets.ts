/** Copy-paste SMTP settings for common frameworks, filled with the engine's real address. */
export interface Snippet {
  id: string;
  label: string;
  file: string;
  code: string;
}

/** Where the embedded beanstalkd listens, for the frameworks whose queue can use it. */
export interface QueueAddress {
  host: string;
  port: number;
}

/** beanstalkd's own port: Laravel's beanstalkd connection assumes it and has no env var for it. */
const BEANSTALKD_DEFAULT_PORT = 11300;

export function smtpSnippets(host: string, port: number, queue: QueueAddress | null): Snippet[] {
  return [
    {
      id: 'laravel',
      label: 'Laravel',
      file: '.env',
      code: `MAIL_MAILER=smtp
MAIL_HOST=${host}
MAIL_PORT=${port}
MAIL_USERNAME=null
MAIL_PASSWORD=null
MAIL_ENCRYPTION=null${queue ? `\n${laravelQueue(queue)}` : ''}`,
    },
    {
      id: 'symfony',
      label: 'Symfony',
      file: '.env.local',
      code: `MAILER_DSN=smtp://${host}:${port}`,
    },
    {
      id: 'nodemailer',
      label: 'Node.js',
      file: 'mailer.js',
      code: `import nodemailer from 'nodemailer';

const transport = nodemailer.createTransport({
  host: '${host}',
  port: ${port},
  secure: false,
});`,
    },
    {
      id: 'django',
      label: 'Django',
      file: 'settings.py',
      code: `EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "${host}"
EMAIL_PORT = ${port}
EMAIL_USE_TLS = False`,
    },
    {
      id: 'rails',
      label: 'Rails',
      file: 'config/environments/development.rb',
      code: `config.action_mailer.delivery_method = :smtp
config.action_mailer.smtp_settings = {
  address: "${host}",
  port: ${port}
}`,
    },
    {
      id: 'phpmailer',
      label: 'PHPMailer',
      file: 'send.php',
      code: `$mail = new PHPMailer\\PHPMailer\\PHPMailer();
$mail->isSMTP();
$mail->Host = '${host}';
$mail->Port = ${port};
$mail->SMTPAuth = false;
$mail->SMTPAutoTLS = false;`,
    },
    {
      id: 'swaks',
      label: 'Shell',
      file: 'terminal',
      code: `swaks --server ${host}:${port} \\
  --from app@example.test --to you@example.test \\
  --header "Subject: Hello from Beanpost"`,
    },
  ];
}

function laravelQueue({ host, port }: QueueAddress): string {
  const lines = ['', 'QUEUE_CONNECTION=beanstalkd', `BEANSTALKD_QUEUE_HOST=${host}`];
  if (port !== BEANSTALKD_DEFAULT_PORT) {
    lines.push(`# not ${BEANSTALKD_DEFAULT_PORT}: set 'port' => ${port} in config/queue.php`);
  }
  return lines.join('\n');
}

/** A wildcard bind address is not something a client can connect to. */
export function connectableHost(host: string): string {
  return host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
}
