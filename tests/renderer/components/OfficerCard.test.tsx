import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { OfficerCard, OfficerPhoto } from '../../../renderer/src/components/OfficerCard';
import { initI18n } from '../../../renderer/src/i18n';

initI18n();

const noPhoto = { fullName: 'Trần Văn Đức', title: 'Chuyên viên', photo: null };
const initialsShown = (html: string) => [...html.matchAll(/data-testid="officer-initials">([^<]*)</g)].map((m) => m[1]);

describe('an officer without a photo', () => {
  it('shows the same initials on the citizen idle screen, the staff notices and the name search', () => {
    const idle = renderToStaticMarkup(
      <OfficerCard officer={noPhoto} label="x" counter={{ name: 'Quầy 01', deskRole: 'results' }} testId="officer" />,
    );
    const staffNotice = renderToStaticMarkup(
      <OfficerCard officer={noPhoto}>
        <p>ok</p>
      </OfficerCard>,
    );
    const searchHit = renderToStaticMarkup(<OfficerPhoto officer={noPhoto} small />);
    expect([...initialsShown(idle), ...initialsShown(staffNotice), ...initialsShown(searchHit)]).toEqual(['TĐ', 'TĐ', 'TĐ']);
    expect(idle).toContain('Trần Văn Đức');
    expect(idle).toContain('Quầy 01');
    expect(idle).toContain('Trả kết quả');
  });

  it('shows the photo instead when there is one, named for the citizen and decorative beside a name in a list', () => {
    const officer = { ...noPhoto, photo: 'photos/st-1.jpg' };
    const card = renderToStaticMarkup(<OfficerCard officer={officer} />);
    expect(card).toContain('src="photos/st-1.jpg"');
    expect(card).toContain('alt="Ảnh của cán bộ Trần Văn Đức"');
    expect(initialsShown(card)).toEqual([]);
    expect(renderToStaticMarkup(<OfficerPhoto officer={officer} small />)).toContain('alt=""');
  });
});
