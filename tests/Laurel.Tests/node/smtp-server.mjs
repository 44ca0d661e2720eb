// A real SMTP server on loopback for Laurel's e-mail tests (npm smtp-server). Prints "listening <port>" once ready and
// one line "message <base64 of JSON {from, to, raw}>" per accepted message, raw being the message as received.
// PORT: port to listen on. AUTH_USER/AUTH_PASS: require this login. REJECT: recipients containing this text get 550.
import { SMTPServer } from 'smtp-server';

const port = Number(process.env.PORT || 2525);
const user = process.env.AUTH_USER || '';
const pass = process.env.AUTH_PASS || '';
const reject = process.env.REJECT || '';

const server = new SMTPServer({
  secure: false,
  disabledCommands: user ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
  authOptional: !user,
  allowInsecureAuth: true,
  logger: false,
  onAuth(auth, session, callback) {
    if (auth.username === user && auth.password === pass) return callback(null, { user });
    return callback(new Error('Invalid username or password'));
  },
  onRcptTo(address, session, callback) {
    if (reject && address.address.includes(reject)) {
      const error = new Error('Mailbox unavailable');
      error.responseCode = 550;
      return callback(error);
    }
    return callback();
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      const message = {
        from: session.envelope.mailFrom && session.envelope.mailFrom.address,
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      };
      process.stdout.write('message ' + Buffer.from(JSON.stringify(message)).toString('base64') + '\n');
      callback();
    });
  },
});
server.on('error', (e) => { console.error(e); });
server.listen(port, '127.0.0.1', () => process.stdout.write(`listening ${port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
