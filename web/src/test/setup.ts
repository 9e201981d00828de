// Test setup: browser APIs that jsdom lacks but Fluent UI uses.
if (typeof globalThis.window !== 'undefined' && !('ResizeObserver' in globalThis.window)) {
  class ResizeObserverStub {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  Object.assign(globalThis.window, { ResizeObserver: ResizeObserverStub });
}
