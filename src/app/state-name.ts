/**
 * Lightning takes a state's name from its class name (`class Play extends this`). Minifiers
 * rename or drop class-expression names, which silently turns every state into the root state,
 * so states are declared through `state('Play', class extends this { … })`.
 */
export function state<T extends abstract new (...args: never[]) => unknown>(name: string, cls: T): T {
  Object.defineProperty(cls, 'name', { value: name, configurable: true });
  return cls;
}
