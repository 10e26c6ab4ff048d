/** @packageDocumentation The `rrnn` command line, as a library: `main(argv)` returns an exit code. */
export async function main(argv: string[]): Promise<number> {
  process.stdout.write(`rrnn: ${argv.join(' ')}\n`);
  return 0;
}
