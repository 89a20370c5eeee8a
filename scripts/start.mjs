// `npm start`: the kiosk in Electron where its binary is installed; otherwise (as on machines
// that cannot download Electron) the very same kiosk served by the web host, with a note.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
function findElectronBinary() {
  try {
    return require('electron'); // the package exports the binary's path, or throws if it has none
  } catch {
    return null;
  }
}
const electronBinary = findElectronBinary();

const run = (command, args) => {
  const child = spawn(command, args, { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
};

if (typeof electronBinary === 'string' && existsSync(electronBinary)) {
  run(electronBinary, ['.']);
} else {
  console.log('Electron binary not installed on this machine: serving the same kiosk in the browser instead.');
  run(process.execPath, ['dist/web-host/main.js']);
}
