// Headers every response carries; the Content-Security-Policy (with its per-request nonce) is set
// in proxy.ts.
const SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A self-contained server (`node .next/standalone/server.js`) for the container image.
  output: 'standalone',
  // Read from disk at run time, so shipped with the standalone server: the bundled demo, and the
  // layout worker with the ELK build it runs.
  outputFileTracingIncludes: {
    '/**': [
      './lib/k8s/demo/cluster.yaml',
      './lib/graph/layout-worker.mjs',
      './node_modules/elkjs/lib/elk.bundled.js',
      './node_modules/elkjs/package.json',
    ],
  },
  serverExternalPackages: ['tsx'],
  async headers() {
    return [
      { source: '/:path*', headers: SECURITY_HEADERS },
      { source: '/api/:path*', headers: [{ key: 'Cache-Control', value: 'no-store' }] },
    ];
  },
};

export default nextConfig;
