// The engine first (its worker downloads and loads the workspace), then the app's code.
import { bootEngine } from './app/boot.js';
import './styles.css';

const booted = bootEngine();
void import('./app/mount.js').then((m) => m.mount(booted));
