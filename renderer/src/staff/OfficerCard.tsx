import type { ReactNode } from 'react';

interface OfficerLike {
  fullName: string;
  title: string;
  photo: string | null;
}

/** The last word of a Vietnamese name is the given name: its first letter stands in for a photo. */
function initial(fullName: string): string {
  return fullName.trim().split(/\s+/).pop()?.[0] ?? '';
}

export function OfficerPhoto({ officer, size = 128 }: { officer: OfficerLike; size?: number }) {
  const style = { width: size, height: size };
  return officer.photo ? (
    <img className="staff-photo" src={officer.photo} alt="" style={style} />
  ) : (
    <div className="staff-photo staff-initial" aria-hidden="true" style={{ ...style, fontSize: size / 2 }}>
      {initial(officer.fullName)}
    </div>
  );
}

export function OfficerCard({ officer, children }: { officer: OfficerLike; children?: ReactNode }) {
  return (
    <div className="staff-officer">
      <OfficerPhoto officer={officer} />
      <div>
        <p className="staff-officer-name">{officer.fullName}</p>
        <p className="staff-officer-title">{officer.title}</p>
        {children}
      </div>
    </div>
  );
}
