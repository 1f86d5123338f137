import type { Operation } from '../../../local-gateway/api/contract.js';

// A record, not a list, so the compiler fails here when the contract gains an operation.
const ALL: Record<Operation, true> = {
  'status.get': true,
  'servers.list': true,
  'servers.add': true,
  'servers.remove': true,
  'servers.login': true,
  'servers.logout': true,
  'servers.reregister': true,
  'servers.connect': true,
  'clients.list': true,
  'clients.route': true,
  'clients.unroute': true,
  'clients.reset': true,
  'clients.undoReset': true,
  'events.list': true,
  'settings.get': true,
  'settings.update': true,
  'diagnostics.get': true,
  'doctor.run': true,
};

export const OPERATIONS = Object.keys(ALL) as Operation[];
