/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The engine runs on the server only; keep the CLI-only runtime out of the bundle.
  serverExternalPackages: ['tsx'],
};

export default nextConfig;
