// A stand-in for the kiosk app under cage (tests/deploy/linux/cage.test.ts): a minimal Wayland
// client that connects to the compositor cage made, asks for its globals (wl_display.get_registry,
// then wl_display.sync to know when all have come) and prints them as JSON on stdout.
import { connect } from 'node:net';
import { join } from 'node:path';

const socket = connect(join(process.env.XDG_RUNTIME_DIR ?? '', process.env.WAYLAND_DISPLAY ?? ''));
const message = (object, opcode, ...args) => {
  const buffer = Buffer.alloc(8 + 4 * args.length);
  buffer.writeUInt32LE(object, 0);
  buffer.writeUInt32LE(((8 + 4 * args.length) << 16) | opcode, 4);
  args.forEach((value, index) => buffer.writeUInt32LE(value, 8 + 4 * index));
  return buffer;
};
const REGISTRY = 2;
const CALLBACK = 3;
const globals = [];
let pending = Buffer.alloc(0);
const timer = setTimeout(() => {
  console.error('no answer from the compositor');
  process.exit(2);
}, 5000);

socket.on('connect', () => socket.write(Buffer.concat([message(1, 1, REGISTRY), message(1, 0, CALLBACK)])));
socket.on('error', (error) => {
  console.error(`cannot reach the compositor: ${error.message}`);
  process.exit(3);
});
socket.on('data', (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  while (pending.length >= 8) {
    const object = pending.readUInt32LE(0);
    const size = pending.readUInt32LE(4) >>> 16;
    const opcode = pending.readUInt32LE(4) & 0xffff;
    if (pending.length < size) return;
    const body = pending.subarray(8, size);
    pending = pending.subarray(size);
    if (object === REGISTRY && opcode === 0) {
      // wl_registry.global(name: uint, interface: string, version: uint)
      const length = body.readUInt32LE(4);
      globals.push(body.subarray(8, 8 + length - 1).toString('utf8'));
    } else if (object === CALLBACK && opcode === 0) {
      clearTimeout(timer);
      console.log(JSON.stringify({ globals }));
      socket.end();
      process.exit(0);
    }
  }
});
