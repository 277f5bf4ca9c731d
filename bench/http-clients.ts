/**
 * The HTTP bench's clients, run in their own process (like real clients) so the server's process and core are
 * measured alone: POST /api/runs for each question, follow its SSE stream to the end, report latencies as JSON.
 * Usage: tsx bench/http-clients.ts <port> <count> <question>…
 */
import http from 'node:http';

const [portArg, countArg, ...questions] = process.argv.slice(2);
const port = Number(portArg);
const count = Number(countArg);
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

function post(question: string): Promise<{ id: string; eventsUrl: string }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ question });
    const req = http.request(
      { host: '127.0.0.1', port, path: '/api/runs', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => (res.statusCode === 202 ? resolve(JSON.parse(text)) : reject(new Error(`POST ${res.statusCode} ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function follow(pathname: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathname, agent, headers: { accept: 'text/event-stream' } }, (res) => {
        res.on('data', () => {});
        res.on('end', resolve);
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

const latencies: number[] = [];
const t0 = performance.now();
const ids = await Promise.all(
  Array.from({ length: count }, async (_, i) => {
    const started = performance.now();
    const { id, eventsUrl } = await post(questions[i % questions.length]);
    await follow(eventsUrl);
    latencies.push(performance.now() - started);
    return id;
  }),
);
process.stdout.write(JSON.stringify({ seconds: (performance.now() - t0) / 1000, latencies, ids }));
agent.destroy();
