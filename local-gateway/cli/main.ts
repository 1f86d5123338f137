// CLI entry: one file per command under commands/; errors become one clear line and exit 1
// (a command may choose its own status with ExitStatus: doctor does).
import { Command, CommanderError } from 'commander';
import { VERSION } from '../core/version.js';
import { errorMessage } from '../core/errors.js';
import { type CliIO, dataDirOf, ExitStatus, processIO } from './context.js';
import { ignoreClosedPipes } from './closed-pipe.js';
import { explainIfInDataDir } from '../store/data-dir.js';
import { registerAuth } from './commands/auth.js';
import { registerConnect } from './commands/connect.js';
import { registerDashboard } from './commands/dashboard.js';
import { addTopLevelHelp } from './commands/help.js';
import { registerServe } from './commands/serve.js';
import { registerServer } from './commands/server.js';
import { registerExtraCommands } from './commands/index.js';
import { registerSettings } from './commands/settings.js';

export function buildProgram(io: CliIO): Command {
  const program = new Command('mcp-companion')
    .description('Local MCP gateway that owns OAuth for your IDEs')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  registerServe(program, io);
  registerDashboard(program, io);
  registerServer(program, io);
  registerAuth(program, io);
  registerConnect(program, io);
  registerExtraCommands(program, io);
  registerSettings(program, io);
  addTopLevelHelp(program);
  return program;
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  if (io === processIO) ignoreClosedPipes();
  try {
    await buildProgram(io).parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof ExitStatus) {
      process.exitCode = err.code;
      return err.code;
    }
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return err.exitCode;
    }
    // A raw EACCES/EPERM/… from the data dir (or anything under it) gets the folder and the fix.
    io.err(`Error: ${errorMessage(explainIfInDataDir(dataDirOf(io), err) ?? err)}`);
    process.exitCode = 1;
    return 1;
  }
}
