// tests/lib/blake2b.mjs -- BLAKE2b (RFC 7693) with any digest length and an
// optional key, as libsodium's crypto_generichash computes it.  Node's crypto
// only offers the fixed 64-byte 'blake2b512', and BLAKE2b-256 is not a
// truncation of it (the digest length is part of the parameter block), so
// tests that must recompute a stored hash use this.  BigInt: slow, but a test
// hashes a few hundred short inputs.
const M = (1n << 64n) - 1n

const IV = [
  0x6a09e667f3bcc908n, 0xbb67ae8584caa73bn, 0x3c6ef372fe94f82bn, 0xa54ff53a5f1d36f1n,
  0x510e527fade682d1n, 0x9b05688c2b3e6c1fn, 0x1f83d9abfb41bd6bn, 0x5be0cd19137e2179n
]

const SIGMA = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0]
]

const rotr = (x, n) => ((x >> BigInt(n)) | (x << BigInt(64 - n))) & M

function compress (h, block, t, last) {
  const m = []
  for (let i = 0; i < 16; i++) m.push(block.readBigUInt64LE(i * 8))
  const v = [...h, ...IV]
  v[12] ^= t & M
  v[13] ^= t >> 64n
  if (last) v[14] ^= M
  const G = (a, b, c, d, x, y) => {
    v[a] = (v[a] + v[b] + x) & M
    v[d] = rotr(v[d] ^ v[a], 32)
    v[c] = (v[c] + v[d]) & M
    v[b] = rotr(v[b] ^ v[c], 24)
    v[a] = (v[a] + v[b] + y) & M
    v[d] = rotr(v[d] ^ v[a], 16)
    v[c] = (v[c] + v[d]) & M
    v[b] = rotr(v[b] ^ v[c], 63)
  }
  for (let r = 0; r < 12; r++) {
    const s = SIGMA[r % 10]
    G(0, 4, 8, 12, m[s[0]], m[s[1]])
    G(1, 5, 9, 13, m[s[2]], m[s[3]])
    G(2, 6, 10, 14, m[s[4]], m[s[5]])
    G(3, 7, 11, 15, m[s[6]], m[s[7]])
    G(0, 5, 10, 15, m[s[8]], m[s[9]])
    G(1, 6, 11, 12, m[s[10]], m[s[11]])
    G(2, 7, 8, 13, m[s[12]], m[s[13]])
    G(3, 4, 9, 14, m[s[14]], m[s[15]])
  }
  for (let i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8]
}

// blake2b(data[, outlen = 32[, key]]) -> Buffer
export function blake2b (data, outlen = 32, key = Buffer.alloc(0)) {
  data = Buffer.from(data)
  key = Buffer.from(key)
  if (outlen < 1 || outlen > 64 || key.length > 64) throw new RangeError('blake2b: bad length')
  const h = [...IV]
  h[0] ^= 0x01010000n ^ (BigInt(key.length) << 8n) ^ BigInt(outlen)
  let input = data
  if (key.length) input = Buffer.concat([key, Buffer.alloc(128 - key.length), data])
  let t = 0n
  let off = 0
  // Every full block but the last is compressed without the final flag.
  while (input.length - off > 128) {
    t += 128n
    compress(h, input.subarray(off, off + 128), t, false)
    off += 128
  }
  const rest = input.subarray(off)
  t += BigInt(rest.length)
  const last = Buffer.alloc(128)
  rest.copy(last)
  compress(h, last, t, true)
  const out = Buffer.alloc(64)
  for (let i = 0; i < 8; i++) out.writeBigUInt64LE(h[i], i * 8)
  return out.subarray(0, outlen)
}
