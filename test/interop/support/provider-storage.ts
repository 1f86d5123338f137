// Storage for one oidc-provider instance. oidc-provider's bundled MemoryAdapter keeps a
// module-global LRU shared by every provider in the process; this one is per instance, and lets
// a test reach in the way an operator would (delete a client, edit its redirect URIs).
import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt?: number;
}

export class ProviderStorage {
  private readonly rows = new Map<string, Entry>();

  /** The class oidc-provider instantiates once per model (`new Adapter('Client')`). */
  adapterClass(): new (model: string) => Adapter {
    const storage = this;
    return class implements Adapter {
      constructor(private readonly model: string) {}
      async upsert(id: string, payload: AdapterPayload, expiresIn?: number) {
        storage.set(this.model, id, payload, expiresIn);
      }
      async find(id: string) {
        return storage.get(this.model, id);
      }
      async findByUid(uid: string) {
        return storage.findBy(this.model, (p) => p.uid === uid);
      }
      async findByUserCode(code: string) {
        return storage.findBy(this.model, (p) => p.userCode === code);
      }
      async consume(id: string) {
        const p = storage.get(this.model, id);
        if (p) p.consumed = Math.floor(Date.now() / 1000);
      }
      async destroy(id: string) {
        storage.delete(this.model, id);
      }
      async revokeByGrantId(grantId: string) {
        for (const [key, e] of storage.rows) if (e.payload.grantId === grantId) storage.rows.delete(key);
      }
    };
  }

  get(model: string, id: string): AdapterPayload | undefined {
    const e = this.rows.get(`${model}:${id}`);
    if (!e) return undefined;
    if (e.expiresAt !== undefined && e.expiresAt <= Date.now()) {
      this.rows.delete(`${model}:${id}`);
      return undefined;
    }
    return e.payload;
  }

  set(model: string, id: string, payload: AdapterPayload, expiresIn?: number): void {
    this.rows.set(`${model}:${id}`, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
  }

  delete(model: string, id: string): void {
    this.rows.delete(`${model}:${id}`);
  }

  /** Every live row of a model (e.g. all registered clients). */
  all(model: string): AdapterPayload[] {
    const out: AdapterPayload[] = [];
    for (const key of this.rows.keys()) {
      if (!key.startsWith(`${model}:`)) continue;
      const p = this.get(model, key.slice(model.length + 1));
      if (p) out.push(p);
    }
    return out;
  }

  private findBy(model: string, pred: (p: AdapterPayload) => boolean): AdapterPayload | undefined {
    return this.all(model).find(pred);
  }
}
