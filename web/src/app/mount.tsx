import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import type { Booted } from './boot.js';

export function mount(booted: Booted): void {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App booted={booted} />
    </StrictMode>,
  );
}
