/**
 * graphql-js, unless NODE_ENV is "production" when it is first loaded, makes every type test
 * (`isNonNullType`, `isListType`, … on every field of every answer and every input) look for a
 * second copy of graphql-js when the plain `instanceof` fails. Jest runs the tests with NODE_ENV
 * "test", and that check took some 5 % of an e2e file's CPU (about 0.1 s a file) for a problem a
 * test file's own module registry cannot have: one graphql-js, loaded here, serves the whole file.
 * So each test file loads it as production does; NODE_ENV is restored at once (decision 2020).
 */
const nodeEnv = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('graphql');
} finally {
  // Assigning undefined to process.env would store the text "undefined".
  if (nodeEnv === undefined) {
    delete process.env.NODE_ENV;
  } else {
    process.env.NODE_ENV = nodeEnv;
  }
}
