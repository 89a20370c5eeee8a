/**
 * A made-up province for demos and benchmarks, shaped like Bắc Giang (DOMAIN.md "Where and who"):
 * the Public Administration Service Centre with eight departments' desks, ten districts' one-stop
 * sections and 181 communes under them — 200 units, 1,000 counters, 3,000 officers with
 * Vietnamese names. Every unit and officer gets a volume and a quality, skewed as real ones are:
 * busy provincial desks and quiet communes, most units good and a few clearly worse.
 * Deterministic: the same seed gives the same province.
 */
import type { DeskRole } from '../../shared/rating';

export interface SyntheticUnit {
  id: string;
  name: string;
  level: 'province' | 'department' | 'district' | 'commune';
  parentId: string | null;
}

export interface SyntheticCounter {
  id: string;
  unitId: string;
  name: string;
  deskRole: DeskRole;
}

export interface SyntheticOfficer {
  id: string;
  unitId: string;
  /** The counter the officer serves at. */
  counterId: string;
  deskRole: DeskRole;
  fullName: string;
  title: string;
  /** How many citizens they serve, relative to the others. */
  weight: number;
  /** 0–1: how satisfied their citizens tend to be. */
  quality: number;
}

export interface SyntheticProvince {
  units: SyntheticUnit[];
  counters: SyntheticCounter[];
  staff: SyntheticOfficer[];
}

const DEPARTMENTS = [
  'Sở Tư pháp',
  'Sở Tài nguyên và Môi trường',
  'Sở Kế hoạch và Đầu tư',
  'Sở Xây dựng',
  'Sở Giao thông vận tải',
  'Sở Lao động – Thương binh và Xã hội',
  'Sở Y tế',
  'Sở Công Thương',
];
const DISTRICTS = ['Lục Ngạn', 'Lục Nam', 'Sơn Động', 'Yên Thế', 'Tân Yên', 'Lạng Giang', 'Hiệp Hòa', 'Việt Yên', 'Yên Dũng', 'thành phố Bắc Giang'];
const PLACE_FIRST = ['Tân', 'Phú', 'Đông', 'Tây', 'Nam', 'Bắc', 'Hồng', 'Quang', 'Thanh', 'Xuân', 'Hương', 'Mỹ', 'Kim', 'Ngọc', 'Bình', 'An', 'Phúc', 'Hòa', 'Thái', 'Đồng'];
const PLACE_SECOND = ['Sơn', 'Lâm', 'Hưng', 'Thịnh', 'Lộc', 'Phong', 'Hà', 'Giang', 'Mỹ', 'Tiến', 'Thành', 'Long', 'Yên', 'Lạc', 'Quý', 'Trung'];
const DISTRICT_DESKS = ['Đất đai', 'Tư pháp – Hộ tịch', 'Lao động – Xã hội', 'Kinh tế – Hạ tầng', 'Đăng ký kinh doanh', 'Trả kết quả'];

// Family names with roughly their share in Vietnam (Nguyễn about four in ten).
const FAMILY = [
  ['Nguyễn', 38], ['Trần', 11], ['Lê', 9], ['Phạm', 7], ['Hoàng', 5], ['Vũ', 4], ['Phan', 4], ['Đặng', 3], ['Bùi', 3],
  ['Đỗ', 3], ['Ngô', 2], ['Dương', 2], ['Lý', 1], ['Hà', 2], ['Nông', 1], ['Trịnh', 1], ['Đinh', 2], ['Lương', 1],
] as const;
const MIDDLE = { male: ['Văn', 'Đức', 'Minh', 'Quốc', 'Hữu', 'Thanh', 'Công', 'Xuân', 'Đình'], female: ['Thị', 'Thu', 'Ngọc', 'Thanh', 'Minh', 'Kim', 'Thị Thu', 'Hồng', 'Phương'] };
const GIVEN = {
  male: ['Hùng', 'Dũng', 'Tuấn', 'Minh', 'Nam', 'Hải', 'Sơn', 'Long', 'Thắng', 'Phong', 'Khôi', 'Huy', 'Quang', 'Tùng', 'Đạt', 'Cường', 'Đức', 'Lộc', 'Sáng', 'Trung'],
  female: ['Hà', 'Hương', 'Lan', 'Mai', 'Hoa', 'Linh', 'Trang', 'Thảo', 'Ngọc', 'Phương', 'Hằng', 'Yến', 'Nhung', 'Vân', 'Oanh', 'Thủy', 'Huyền', 'Ánh', 'Hòa', 'Giang'],
};
const TITLES = {
  province: ['Chuyên viên', 'Chuyên viên', 'Chuyên viên chính', 'Phó Trưởng phòng'],
  district: ['Chuyên viên', 'Chuyên viên', 'Viên chức Văn phòng Đăng ký đất đai', 'Công chức Văn phòng HĐND và UBND'],
  commune: ['Công chức Tư pháp – Hộ tịch', 'Công chức Địa chính – Xây dựng', 'Công chức Văn hóa – Xã hội', 'Công chức Văn phòng – Thống kê'],
};

/** Citizens' comments, twenty per score, with tones; a few carry a phone number, an e-mail or an ID number to mask. */
export const SYNTHETIC_COMMENTS: Record<1 | 2 | 3, string[]> = {
  3: [
    'Cán bộ rất nhiệt tình, hướng dẫn chu đáo.',
    'Cảm ơn chị đã giúp tôi hoàn thiện hồ sơ nhanh chóng.',
    'Thái độ niềm nở, lịch sự, tôi rất hài lòng.',
    'Giải quyết hồ sơ đúng hẹn, không phải đi lại nhiều.',
    'Anh cán bộ giải thích dễ hiểu, cảm ơn anh.',
    'Phục vụ tận tình, đúng tinh thần nụ cười công sở.',
    'Nhanh gọn, chuyên nghiệp.',
    'Cán bộ lắng nghe và giúp đỡ người già rất chu đáo.',
    'Rất hài lòng với cách làm việc của bộ phận một cửa.',
    'Được hướng dẫn điền tờ khai cẩn thận, cảm ơn.',
    'Chị cán bộ luôn mỉm cười, nhẹ nhàng.',
    'Thủ tục đơn giản hơn trước nhiều.',
    'Tôi được trả kết quả sớm hơn hẹn một ngày.',
    'Cảm ơn các đồng chí đã hỗ trợ tận tình.',
    'Cán bộ xin phép trước khi cầm giấy tờ, rất lịch sự.',
    'Không phải chờ lâu, phòng chờ sạch sẽ.',
    'Hướng dẫn nộp hồ sơ trực tuyến rất rõ ràng.',
    'Tuyệt vời, mong giữ được như vậy.',
    'Cảm ơn em, nhờ em mà tôi làm xong trong một buổi. Có gì gọi tôi 0912 345 678.',
    'Cán bộ chào hỏi và cảm ơn đầy đủ.',
  ],
  2: [
    'Tạm được, nhưng phải chờ hơi lâu.',
    'Cán bộ hướng dẫn được, nhưng nói hơi nhanh.',
    'Hồ sơ xong đúng hẹn, thái độ bình thường.',
    'Nên có thêm ghế ngồi chờ.',
    'Cần bố trí thêm quầy vào buổi sáng.',
    'Được, nhưng phải bổ sung giấy tờ hai lần.',
    'Cán bộ làm việc ổn, máy lấy số hay bị lỗi.',
    'Bình thường, không có gì phàn nàn.',
    'Nên niêm yết rõ hơn các loại phí.',
    'Chờ khoảng 30 phút mới đến lượt.',
    'Thái độ được, nhưng chưa cười nhiều.',
    'Mong hướng dẫn kỹ hơn cho người lớn tuổi.',
    'Hồ sơ đất đai vẫn còn chậm.',
    'Đã được giải thích nhưng tôi vẫn chưa hiểu hết.',
    'Cán bộ hơi vội, nhưng vẫn giải quyết xong.',
    'Nên mở cửa sớm hơn vào thứ bảy.',
    'Ổn, cảm ơn.',
    'Tôi phải về lấy thêm bản sao, lần sau nên nói trước.',
    'Xin gửi kết quả qua email ngoc.anh.tran@gmail.com giúp tôi.',
    'Được hướng dẫn nhưng phải hỏi lại nhiều lần.',
  ],
  1: [
    'Chờ quá lâu mà không ai giải thích.',
    'Cán bộ nói trống không, thái độ khó chịu.',
    'Hẹn trả kết quả nhưng đến nơi vẫn chưa có.',
    'Bắt bổ sung giấy tờ không cần thiết.',
    'Cán bộ dùng điện thoại trong giờ làm việc.',
    'Không được hướng dẫn gì, phải tự hỏi người khác.',
    'Thái độ hách dịch, không lắng nghe dân.',
    'Tôi đi lại ba lần vẫn chưa xong hồ sơ.',
    'Quầy vắng người, phải chờ cán bộ đi đâu về.',
    'Trả kết quả trễ hẹn hai tuần.',
    'Cán bộ gắt gỏng với người già.',
    'Không xin lỗi khi làm sai thông tin của tôi.',
    'Hướng dẫn mỗi lần một kiểu.',
    'Phải chờ từ sáng đến trưa.',
    'Không hài lòng, đề nghị lãnh đạo xem xét.',
    'Cán bộ đùn đẩy trách nhiệm sang phòng khác.',
    'Thu thêm tiền không có biên lai.',
    'Hồ sơ bị thất lạc, phải làm lại từ đầu.',
    'Đề nghị liên hệ lại với tôi theo số 0987.654.321 để giải quyết.',
    'Tôi đã nộp CCCD 024190001234 nhưng cán bộ làm mất bản sao.',
  ],
};

/** A small deterministic generator (mulberry32). */
function randomSource(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function syntheticProvince(seed = 2021): SyntheticProvince {
  const random = randomSource(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const familyTotal = FAMILY.reduce((sum, [, share]) => sum + share, 0);
  const familyName = () => {
    let r = random() * familyTotal;
    for (const [name, share] of FAMILY) if ((r -= share) < 0) return name;
    return FAMILY[0][0];
  };

  const units: SyntheticUnit[] = [];
  const counters: SyntheticCounter[] = [];
  const staff: SyntheticOfficer[] = [];
  /** Unit id → [volume per counter, quality]. */
  const traits = new Map<string, { volume: number; quality: number; titles: readonly string[] }>();
  const addUnit = (unit: SyntheticUnit, volume: number, titles: readonly string[]) => {
    units.push(unit);
    // Most units are good; about one in eight is clearly worse.
    const quality = random() < 0.12 ? 0.35 + random() * 0.3 : 0.8 + random() * 0.2;
    traits.set(unit.id, { volume: volume * (0.5 + random()), quality, titles });
  };
  const addCounters = (unitId: string, names: string[]) => {
    names.forEach((name, i) => counters.push({ id: `syn-c-${pad(counters.length + 1, 4)}`, unitId, name, deskRole: i % 3 === 2 ? 'results' : 'reception' }));
  };

  const centre = 'syn-u-000';
  addUnit({ id: centre, name: 'Trung tâm Phục vụ hành chính công tỉnh', level: 'province', parentId: null }, 3, TITLES.province);
  addCounters(centre, Array.from({ length: 20 }, (_, i) => `Quầy ${pad(i + 1, 2)} – Trung tâm`));
  DEPARTMENTS.forEach((name, d) => {
    const id = `syn-u-${pad(d + 1, 3)}`;
    addUnit({ id, name: `${name} (quầy tại Trung tâm)`, level: 'department', parentId: centre }, 3, TITLES.province);
    addCounters(id, Array.from({ length: 10 }, (_, i) => `Quầy ${pad(i + 1, 2)} – ${name}`));
  });
  const places = PLACE_FIRST.flatMap((a) => PLACE_SECOND.filter((b) => b !== a).map((b) => `${a} ${b}`));
  for (let i = places.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [places[i], places[j]] = [places[j]!, places[i]!];
  }
  let commune = 0;
  DISTRICTS.forEach((district, d) => {
    const id = `syn-u-${pad(100 + d, 3)}`;
    const section = district.startsWith('thành phố') ? `UBND ${district}` : `UBND huyện ${district}`;
    addUnit({ id, name: `Bộ phận Một cửa ${section}`, level: 'district', parentId: null }, 2, TITLES.district);
    addCounters(id, Array.from({ length: 18 }, (_, i) => `Quầy ${i + 1} – ${DISTRICT_DESKS[i % DISTRICT_DESKS.length]}`));
    // 181 communes in all: 19 in the first district, 18 in each of the others.
    for (let c = 0; c < (d === 0 ? 19 : 18); c++) {
      commune += 1;
      const communeId = `syn-u-${pad(200 + commune, 3)}`;
      addUnit({ id: communeId, name: `Bộ phận Một cửa UBND xã ${places[commune - 1]}`, level: 'commune', parentId: id }, 1, TITLES.commune);
      // 720 commune counters: four each, three in the last four communes.
      const count = commune > 177 ? 3 : 4;
      addCounters(communeId, Array.from({ length: count }, (_, i) => (i === count - 1 ? 'Quầy trả kết quả' : `Quầy tiếp nhận ${i + 1}`)));
    }
  });

  for (const counter of counters) {
    const unit = traits.get(counter.unitId)!;
    for (let k = 0; k < 3; k++) {
      const female = random() < 0.55;
      const sex = female ? 'female' : 'male';
      staff.push({
        id: `syn-s-${pad(staff.length + 1, 4)}`,
        unitId: counter.unitId,
        counterId: counter.id,
        deskRole: counter.deskRole,
        fullName: `${familyName()} ${pick(MIDDLE[sex])} ${pick(GIVEN[sex])}`,
        title: pick(unit.titles),
        // A skewed workload: a few officers serve many more citizens than the rest.
        weight: unit.volume * (0.2 + random() ** 2 * 2),
        quality: Math.min(1, Math.max(0.05, unit.quality + (random() - 0.5) * 0.3)),
      });
    }
  }
  return { units, counters, staff };
}
