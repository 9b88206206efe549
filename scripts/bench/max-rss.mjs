// Preloaded with `node --import` by the scale benchmark: prints the process's peak memory on exit.
process.on('exit', () => process.stderr.write(`\nmax-rss-kib ${process.resourceUsage().maxRSS}\n`));
