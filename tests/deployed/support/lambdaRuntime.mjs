// A minimal Lambda runtime for one invocation, run as its own Node process in the bundle's folder: loads
// the bundled module (the init phase), says it is ready, runs the handler on the event it is sent, and
// reports the result or the error as Lambda does ({ errorType, errorMessage }).
import { pathToFileURL } from 'node:url';

const [file, exportName] = process.argv.slice(2);
const mod = await import(pathToFileURL(file).href);
const handler = mod[exportName];
if (typeof handler !== 'function') {
  process.send({
    type: 'error',
    errorType: 'Runtime.HandlerNotFound',
    errorMessage: `${file}.${exportName} is undefined or not exported`,
  });
} else {
  process.send({ type: 'ready' });
}
process.once('message', async (event) => {
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    awsRequestId: 'local',
    getRemainingTimeInMillis: () => 0,
  };
  let message;
  try {
    message = { type: 'result', result: (await handler(event, context)) ?? null };
  } catch (err) {
    message = { type: 'error', errorType: err?.name ?? 'Error', errorMessage: String(err?.message ?? err) };
  }
  process.send(message, () => process.disconnect());
});
