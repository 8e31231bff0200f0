// Types for http_ece (encrypted content-encoding, RFC 8188/8291), the one function the tests use.
declare module 'http_ece' {
  import type { ECDH } from 'node:crypto';

  interface DecryptParams {
    version: 'aes128gcm';
    privateKey: ECDH;
    /** The sender's public key (base64url or bytes). */
    dh: string | Buffer;
    authSecret: string | Buffer;
  }
  const ece: { decrypt(buffer: Buffer, params: DecryptParams): Buffer };
  export default ece;
}
