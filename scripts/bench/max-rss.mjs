// Preloaded with `node --import` by the scale benchmark: prints the process's peak memory on exit,
// and the CPU time it used (user + system: on a shared machine, steadier than wall time).
process.on('exit', () => {
  const use = process.resourceUsage();
  process.stderr.write(
    `\nmax-rss-kib ${use.maxRSS} cpu-ms ${Math.round((use.userCPUTime + use.systemCPUTime) / 1000)}\n`,
  );
});
