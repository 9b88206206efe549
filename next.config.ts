import type { NextConfig } from 'next';
import { SECURITY_HEADERS } from './lib/security/headers';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A self-contained server (`node .next/standalone/server.js`) for the container image.
  output: 'standalone',
  // Read from disk at run time, so shipped with the standalone server: the bundled demo, and the
  // layout worker with the ELK build it runs.
  outputFileTracingIncludes: {
    '/**': [
      './lib/k8s/demo/cluster.json',
      // The demo's audit log (lib/web/usage-source.ts), which the real API server wrote for it.
      './lib/k8s/demo/audit.log',
      './lib/graph/layout-worker.mjs',
      './node_modules/elkjs/lib/elk.bundled.js',
      './node_modules/elkjs/package.json',
    ],
  },
  serverExternalPackages: ['tsx'],
  // forbidden() (next/navigation): a page a viewer's access does not show answers 403 with why
  // (app/forbidden.tsx), as the API does (lib/web/viewer-scope.ts).
  experimental: { authInterrupts: true },
  async headers() {
    return [
      { source: '/:path*', headers: Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value })) },
      { source: '/api/:path*', headers: [{ key: 'Cache-Control', value: 'no-store' }] },
    ];
  },
};

export default nextConfig;
