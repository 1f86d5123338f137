// What the bench records about the machine it ran on, and the one setting known to decide its
// tails on Linux: the TCP congestion control that every loopback connection uses.
import fs from 'node:fs';
import os from 'node:os';

export interface Machine {
  cpus: number;
  model: string;
  memGb: number;
  node: string;
  platform: string;
  /** Linux's `net.ipv4.tcp_congestion_control` (absent elsewhere). */
  tcpCongestionControl?: string;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  const m: Machine = {
    cpus: cpus.length,
    model: cpus[0]?.model ?? 'unknown',
    memGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  try {
    m.tcpCongestionControl = fs.readFileSync('/proc/sys/net/ipv4/tcp_congestion_control', 'utf8').trim();
  } catch {
    // Not Linux: the setting does not exist in this form.
  }
  return m;
}

/**
 * Under BBR every TCP connection re-measures its minimum RTT every 10 s (PROBE_RTT: at most 4
 * packets in flight for 200 ms), loopback ones included. A 1 MiB result sent from a hop in that
 * window reached the client in a trickle, about 110 ms late, in 0.2–0.5% of hop calls here; which
 * hop drew more of them decided the 1 MiB p99 comparison (README: the slow 1 MiB calls).
 */
export function machineWarnings(m: Pick<Machine, 'tcpCongestionControl'>): string[] {
  if (m.tcpCongestionControl !== 'bbr') return [];
  return [
    'Note: TCP congestion control is bbr. Every 10 s each loopback connection spends 200 ms with at most 4 packets in flight ' +
      '(PROBE_RTT), and a 1 MiB result sent then arrives ~110 ms late: the 1 MiB p99s depend on which hop drew those. ' +
      'For comparable tails run with the stock Linux default: sudo sysctl -w net.ipv4.tcp_congestion_control=cubic',
  ];
}
