/**
 * What production requires beside the token settings: the checkpoint signing key, the chain's pseudonym key, inbound secret,
 * sender and engine OINs and the source to consult (decision 1501). Test values, never real ones.
 */
export const PRODUCTION_CHAIN_ENV: Record<string, string> = {
  PSEUDONYM_KEYS: 'k1:test-pseudonym-key-0123456789abcdefghijkl',
  PSEUDONYM_KEY_ID: 'k1',
  CHAIN_INBOUND_SECRET: 'test-inbound-secret-0123456789abcdefghij',
  CHAIN_SENDER_OINS: '00000001234567890000',
  ENGINE_OIN: '00000001800000000002',
  CHAIN_SOURCE_URL: 'http://127.0.0.1:9/inburgeringsplicht',
  // The journal checkpoints' Ed25519 signing key (PKCS#8, base64 DER; decision 1701). A test key.
  CHECKPOINT_SIGNING_KEY: 'MC4CAQAwBQYDK2VwBCIEIBZDzNC7u0hArab2V/RHLzgVOHp/eayDRO5PWj3SiwGT',
};
