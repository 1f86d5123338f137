import { InvalidArgumentError } from 'commander';

export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new InvalidArgumentError('must be an integer between 1 and 65535.');
  return n;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
