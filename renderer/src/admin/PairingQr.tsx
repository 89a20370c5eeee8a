import QRCode from 'qrcode';
import { useMemo } from 'react';

/**
 * The pairing QR, drawn as one SVG path from the code's modules (no image, no HTML string): the
 * console's fleet page with the code filled in, for IT staff to open with their phone.
 */
export function PairingQr({ text, label }: { text: string; label: string }) {
  const path = useMemo(() => {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    let d = '';
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
    }
    return { d, size: modules.size + 8 };
  }, [text]);
  return (
    <svg className="admin-qr" viewBox={`0 0 ${path.size} ${path.size}`} role="img" aria-label={label} data-testid="admin-pairing-qr" shapeRendering="crispEdges">
      <rect width={path.size} height={path.size} fill="#fff" />
      <path d={path.d} fill="#000" />
    </svg>
  );
}
