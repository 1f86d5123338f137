// Commands contributed by other parts (client adapters: clients, route, unroute, reset, doctor, bridge).
import type { Command } from 'commander';
import type { CliIO } from '../context.js';

export function registerExtraCommands(_program: Command, _io: CliIO): void {}
