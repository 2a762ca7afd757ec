import { SbomInputError } from '../../model/inventory';

/** JSON.parse with the error placed at a line and column (Node 20 reports only "position N"). */
export function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    if (position === null) throw new SbomInputError(file, `not JSON: ${message}`);
    const before = text.slice(0, Number(position[1])).split('\n');
    throw new SbomInputError(file, `not JSON: ${message}`, { line: before.length, column: before[before.length - 1].length + 1 });
  }
}
