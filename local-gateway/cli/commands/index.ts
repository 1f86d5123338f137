// Commands over the client adapters and the stdio bridge.
import type { Command } from 'commander';
import type { CliIO } from '../context.js';
import { registerBridge } from './bridge.js';
import { registerClientCommands } from './clients.js';

export function registerExtraCommands(program: Command, io: CliIO): void {
  registerClientCommands(program, io);
  registerBridge(program, io);
}
