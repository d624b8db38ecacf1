/** Instances by name and by the credential the gateway knows them by; every sim keeps its own kind. */
export class InstanceDirectory<T extends { name: string }> {
  private readonly byName = new Map<string, T>();
  private readonly byKey = new Map<string, T>();

  constructor(private readonly keyOf: (instance: T) => string) {}

  get(name: string): T | undefined {
    return this.byName.get(name);
  }

  getByKey(key: string): T | undefined {
    return this.byKey.get(key);
  }

  list(): T[] {
    return [...this.byName.values()];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  add(instance: T): T {
    if (this.byName.has(instance.name)) throw new Error(`instance "${instance.name}" already exists`);
    this.byName.set(instance.name, instance);
    this.byKey.set(this.keyOf(instance), instance);
    return instance;
  }

  delete(name: string): T | undefined {
    const instance = this.byName.get(name);
    if (instance === undefined) return undefined;
    this.byName.delete(name);
    this.byKey.delete(this.keyOf(instance));
    return instance;
  }
}
