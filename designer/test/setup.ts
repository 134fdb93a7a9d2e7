// Shared test setup: happy-dom provides ResizeObserver, DOMMatrix etc. Nothing global to stub yet;
// each test creates its own pinia (setActivePinia(createPinia())).
export {};
