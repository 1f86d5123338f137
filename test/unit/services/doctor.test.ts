// doctor's gateway check, over a probe: who serves the data dir, what holds the port, and the
// exact fix for each case. The admin token goes only to the data dir's lock holder.
import { describe, expect, it } from 'vitest';
import { checkGateway, type GatewayProbe } from '../../../local-gateway/services/doctor.js';

describe('checkGateway', () => {
  const probe = (p: Partial<GatewayProbe>): GatewayProbe => ({
    port: 4000,
    serving: false,
    owner: () => undefined,
    answersAsOurs: async () => false,
    portFree: async () => true,
    ...p,
  });

  it('is quiet when this process serves, or the owner answers at its port', async () => {
    expect(await checkGateway(probe({ serving: true, portFree: async () => false }))).toEqual([]);
    const asked: number[] = [];
    expect(
      await checkGateway(
        probe({ owner: () => ({ pid: 7, port: 4100 }), answersAsOurs: async (p) => (asked.push(p), true) }),
      ),
    ).toEqual([]);
    expect(asked).toEqual([4100]);
  });

  it('nothing serving: an error whose fix is to start the companion', async () => {
    const [f] = await checkGateway(probe({}));
    expect(f).toMatchObject({
      severity: 'error',
      problem: expect.stringContaining('not running'),
      fix: expect.stringContaining('`mcp-companion serve`'),
    });
  });

  it('the port held by another program: an error naming it, and no token sent there', async () => {
    const asked: number[] = [];
    const [f] = await checkGateway(
      probe({ portFree: async () => false, answersAsOurs: async (p) => (asked.push(p), false) }),
    );
    expect(f).toMatchObject({
      severity: 'error',
      problem: expect.stringContaining('Port 4000'),
      fix: expect.stringContaining('mcp-companion serve --port'),
    });
    expect(asked).toEqual([]);
  });

  it('an owner that does not answer: an error naming its pid', async () => {
    const [f] = await checkGateway(probe({ owner: () => ({ pid: 77, port: 4000 }) }));
    expect(f).toMatchObject({
      severity: 'error',
      problem: expect.stringContaining('pid 77'),
      fix: expect.stringContaining('kill 77'),
    });
  });
});
