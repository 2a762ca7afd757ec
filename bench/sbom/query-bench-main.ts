// Placeholder wiring point for the component-query half: see component-query.ts.
export async function runQueryBench(): Promise<void> {
  return;
}
