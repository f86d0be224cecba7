import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '@ecommerce/testkit';

/** The pinned Schemathesis that bin/lib/setup.d/12-schemathesis.sh installs. */
export const schemathesisBin = join(repoRoot, '.tools/schemathesis/bin/st');

export function schemathesisInstalled(): boolean {
  return existsSync(schemathesisBin);
}

/** A user the fuzzer acts as: a Web Fuzzing Commons auth entry with a fixed bearer token. */
export interface FuzzUser {
  name: string;
  token: string;
}

/**
 * The Web Fuzzing Commons auth document: the first user is the default identity (admin, so
 * every route is reachable), and the customers are peers, whose objects must stay private to
 * each other (object-level authorization).
 */
export async function writeAuthDocument(
  path: string,
  users: FuzzUser[],
  peers: string[],
): Promise<void> {
  const auth = users.map((user) => ({
    name: user.name,
    fixedHeaders: [{ name: 'Authorization', value: `Bearer ${user.token}` }],
  }));
  await writeFile(path, JSON.stringify({ auth }, null, 2));
  await writeFile(
    `${path}.toml`,
    [
      '[auth.wfc]',
      `path = ${JSON.stringify(path)}`,
      `peers = ${JSON.stringify(peers)}`,
      '',
      // A schema-valid request may still be refused for what its values mean here: 422 is the
      // documented answer to an order of products that do not exist, for instance. A 5xx is
      // never accepted (not_a_server_error).
      '[checks.positive_data_acceptance]',
      'expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]',
      '',
      // Invalid data drawn long enough to overflow the URL limit is refused before any route
      // (431), which is a rejection too.
      '[checks.negative_data_rejection]',
      'expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "415", "422", "428", "429", "431"]',
      '',
    ].join('\n'),
  );
}

export interface FuzzOptions {
  /** `<base>/openapi.json` is the document; requests go to `<base>`. */
  baseUrl: string;
  /** Where the reports go (one folder per target). */
  reportDir: string;
  authDocument: string;
  seed: number;
  maxExamples: number;
  /** Checks left out for this document, each with its reason at the caller. */
  excludeChecks?: string[];
}

export interface OperationResult {
  /** `POST /orders` */
  operation: string;
  failures: string[];
  skipped: boolean;
}

export interface FuzzResult {
  exitCode: number | null;
  output: string;
  operations: Map<string, OperationResult>;
}

/**
 * Operations left out of the fuzz until the flow behind them exists: none today. A pattern
 * here is a path regex Schemathesis skips.
 */
export const pendingOperations: string[] = [];

/** Every check Schemathesis has; each one applies to some operation of this system. */
export const allChecks = 'all';

/** Runs Schemathesis against one document and reads its JUnit report, one case per operation. */
export async function fuzz(options: FuzzOptions): Promise<FuzzResult> {
  const junit = join(options.reportDir, 'junit.xml');
  const args = [
    '--config-file',
    `${options.authDocument}.toml`,
    'run',
    `${options.baseUrl}/openapi.json`,
    '--url',
    options.baseUrl,
    '--checks',
    allChecks,
    '--seed',
    String(options.seed),
    '--max-examples',
    String(options.maxExamples),
    // One worker: Hypothesis parses sources for its reports, and CPython 3.11's ast module
    // is not safe to use from two threads at once ("AST constructor recursion depth mismatch").
    '--workers',
    '1',
    '--request-timeout',
    '20',
    '--suppress-health-check',
    'all',
    '--report',
    'junit',
    '--report-dir',
    options.reportDir,
    '--report-junit-path',
    junit,
    '--output-truncate',
    'true',
    ...pendingOperations.flatMap((pattern) => ['--exclude-path-regex', pattern]),
    ...(options.excludeChecks?.length ? ['--exclude-checks', options.excludeChecks.join(',')] : []),
  ];
  const output: string[] = [];
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(schemathesisBin, args, {
      // Its example database (.schemathesis/) goes with this run's reports, so no finding of an
      // earlier run is replayed: the seed alone decides what is sent.
      cwd: options.reportDir,
      env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', reject);
    child.on('close', resolve);
  });
  const operations = existsSync(junit) ? parseJunit(await readFile(junit, 'utf8')) : new Map();
  return { exitCode, output: output.join(''), operations };
}

const entities: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&apos;': "'",
  '&#10;': '\n',
  '&amp;': '&',
};
const decodeXml = (text: string) =>
  text.replace(/&(lt|gt|quot|apos|#10|amp);/g, (entity) => entities[entity] ?? entity);

/** The test cases of a JUnit report: name, failure and error texts, skipped or not. */
export function parseJunit(xml: string): Map<string, OperationResult> {
  const results = new Map<string, OperationResult>();
  const cases = xml.matchAll(/<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g);
  for (const [, attributes = '', body = ''] of cases) {
    const name = decodeXml(/\bname="([^"]*)"/.exec(attributes)?.[1] ?? '');
    const failures = [...body.matchAll(/<(failure|error)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1>)/g)].map(
      ([, kind, attrs = '', text = '']) =>
        `${kind}: ${decodeXml(/\bmessage="([^"]*)"/.exec(attrs)?.[1] ?? '')}\n${decodeXml(text)}`.trim(),
    );
    results.set(name, { operation: name, failures, skipped: /<skipped\b/.test(body) });
  }
  return results;
}
