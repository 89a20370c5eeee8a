import type { FastifyRequest } from 'fastify';
import { HttpError } from '../errors';

/**
 * The console's answers to what a user did wrong, in the user's language (vi first, en). The
 * console shows its own translation of `error` (its locale files); other clients read `message`.
 */
const MESSAGES = {
  unauthenticated: { vi: 'Vui lòng đăng nhập.', en: 'Please sign in.' },
  session_expired: { vi: 'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.', en: 'Your session has expired. Please sign in again.' },
  csrf_invalid: {
    vi: 'Yêu cầu không hợp lệ (thiếu mã bảo vệ). Vui lòng tải lại trang.',
    en: 'The request was refused (missing protection token). Please reload the page.',
  },
  wrong_credentials: { vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong login or password.' },
  account_locked: {
    vi: 'Tài khoản tạm khóa do nhập sai nhiều lần. Thử lại sau {{minutes}} phút.',
    en: 'Too many wrong passwords: the account is locked. Try again in {{minutes}} minutes.',
  },
  too_many_attempts: {
    vi: 'Quá nhiều lần đăng nhập sai từ máy này. Thử lại sau {{seconds}} giây.',
    en: 'Too many failed sign-ins from this address. Try again in {{seconds}} seconds.',
  },
  forbidden: { vi: 'Tài khoản của bạn không có quyền này.', en: 'Your account may not do this.' },
  out_of_scope: { vi: 'Đơn vị này nằm ngoài phạm vi của tài khoản.', en: 'This unit is outside your account’s scope.' },
  not_found: { vi: 'Không tìm thấy.', en: 'Not found.' },
  invalid_input: { vi: 'Dữ liệu không hợp lệ: {{detail}}', en: 'Invalid input: {{detail}}' },
  invalid_period: { vi: 'Khoảng thời gian không hợp lệ: {{detail}}', en: 'Invalid period: {{detail}}' },
  login_taken: { vi: 'Tên đăng nhập này đã có.', en: 'This login is already taken.' },
  unknown_unit: { vi: 'Không có đơn vị {{unit}}.', en: 'There is no unit {{unit}}.' },
  unknown_version: { vi: 'Máy chủ không có bản phát hành {{version}}.', en: 'There is no release {{version}} on this server.' },
  unknown_device: { vi: 'Không có máy kiosk {{device}}.', en: 'There is no kiosk {{device}}.' },
  wrong_password: { vi: 'Mật khẩu hiện tại không đúng.', en: 'The current password is wrong.' },
  last_admin: { vi: 'Không thể khóa hoặc đổi vai trò quản trị viên cuối cùng.', en: 'The last administrator cannot be disabled or demoted.' },
  pairing_not_found: {
    vi: 'Không có yêu cầu ghép nối nào đang chờ với mã {{code}} (mã sai hoặc đã hết hạn: xem mã mới trên màn hình kiosk).',
    en: 'No pairing request is waiting with the code {{code}} (a wrong or expired code: read the new one on the kiosk’s screen).',
  },
  unknown_counter: { vi: 'Không có quầy {{counter}}.', en: 'There is no counter {{counter}}.' },
  counter_of_other_unit: {
    vi: 'Quầy {{counter}} thuộc đơn vị khác ({{unit}}), không thuộc đơn vị đã chọn.',
    en: 'Counter {{counter}} belongs to another unit ({{unit}}), not to the unit chosen.',
  },
  unknown_kiosk: { vi: 'Không có kiosk {{kiosk}}.', en: 'There is no kiosk {{kiosk}}.' },
  kiosk_retired: {
    vi: 'Kiosk “{{name}}” đã ngừng sử dụng: không thể gửi lệnh hay đổi cài đặt. Không có gì được lưu.',
    en: 'Kiosk “{{name}}” is retired: it takes no command or change. Nothing was stored.',
  },
  invalid_setting: { vi: 'Cài đặt {{setting}} không hợp lệ: {{detailVi}}. Không có gì được lưu.', en: 'Setting {{setting}} is invalid: {{detailEn}}. Nothing was stored.' },
  ranking_minimum: {
    vi: 'Số đánh giá tối thiểu để xếp hạng phải là số nguyên từ {{lowest}} trở lên (không thấp hơn số tối thiểu để hiện tỷ lệ).',
    en: 'The minimum number of ratings for a ranking must be a whole number of at least {{lowest}} (not below the minimum behind any figure).',
  },
  ranking_weight: {
    vi: 'Trọng số xếp hạng phải là một số không âm (để trống: dùng trung vị số đánh giá).',
    en: 'The ranking weight must be a number of at least 0 (empty: the median number of ratings).',
  },
  pdf_unavailable: {
    vi: 'Máy chủ chưa tạo được tệp PDF lúc này (cần trình duyệt Chromium trên máy chủ). Vui lòng thử lại sau hoặc tải tệp Excel.',
    en: 'The server could not make the PDF now (it needs Chromium installed). Please try again later, or download the Excel file.',
  },
  record_exists: { vi: "Mã {{id}} đã được dùng: chọn mã khác.", en: "Id {{id}} is already taken: choose another." },
  parent_loop: { vi: "Đơn vị cấp trên tạo thành vòng lặp qua {{unit}}.", en: "The parent units would form a loop through {{unit}}." },
  unit_in_use: { vi: "Đơn vị còn {{staff}} cán bộ, {{counters}} quầy, {{units}} đơn vị trực thuộc và {{kiosks}} kiosk đang hoạt động: chuyển hoặc ngừng chúng trước. Không có gì được lưu.", en: "The unit still has {{staff}} active officers, {{counters}} counters, {{units}} units under it and {{kiosks}} kiosks: move or deactivate them first. Nothing was stored." },
  counter_has_kiosks: { vi: "Quầy “{{counter}}” đang có kiosk: chuyển hoặc ngừng kiosk ở trang Kiosk trước. Không có gì được lưu.", en: "Counter “{{counter}}” has a kiosk bound to it: move or retire the kiosk on the fleet page first. Nothing was stored." },
  unknown_staff: { vi: "Không có cán bộ {{staff}}.", en: "There is no officer {{staff}}." },
  roster_file: { vi: "Không nhập được tệp: {{detailVi}} Không có gì được lưu.", en: "The file cannot be imported: {{detailEn}} Nothing was stored." },
  roster_plan_changed: { vi: "Danh bạ hoặc tệp đã thay đổi sau khi xem trước: hãy xem trước lại. Không có gì được lưu.", en: "The roster or the file changed since the preview: preview it again. Nothing was stored." },
  roster_plan_refused: { vi: "Kế hoạch còn {{rows}} dòng bị từ chối: sửa tệp rồi xem trước lại. Không có gì được lưu.", en: "The plan has {{rows}} refused rows: fix the file and preview again. Nothing was stored." },
  internal: { vi: 'Lỗi máy chủ. Vui lòng thử lại sau.', en: 'Server error. Please try again later.' },
  invalid_pin: {
    vi: 'Mã PIN phải gồm 4 đến 8 chữ số và không được là một chữ số lặp lại (như 1111). Không có gì được lưu.',
    en: 'A PIN is 4 to 8 digits, and not one digit repeated (like 1111). Nothing was stored.',
  },
  photo_not_image: {
    vi: 'Tệp này không phải ảnh JPEG hoặc PNG đọc được (có thể tệp bị hỏng hoặc tải lên chưa hết). Không có gì được lưu.',
    en: 'This file is not a readable JPEG or PNG image (it may be damaged or cut short). Nothing was stored.',
  },
  photo_too_big: { vi: 'Ảnh lớn hơn {{maxMb}} MB. Hãy chọn ảnh nhỏ hơn. Không có gì được lưu.', en: 'The photo is larger than {{maxMb}} MB. Choose a smaller one. Nothing was stored.' },
  photo_too_many_pixels: {
    vi: 'Ảnh quá lớn về kích thước (tối đa {{maxSide}} điểm ảnh mỗi chiều). Không có gì được lưu.',
    en: 'The image is too large in pixels (at most {{maxSide}} a side). Nothing was stored.',
  },
  no_printable_badge: {
    vi: 'Không có thẻ nào để in: các cán bộ đã chọn đều đã nghỉ hoặc chưa có thẻ mới.',
    en: 'There is no badge to print: the officers chosen are all inactive or have no new badge.',
  },
  no_release_key: {
    vi: 'Máy chủ chưa có khóa phát hành để ghi vào tệp cài đặt kiosk: chạy npm run admin -- release-key trước.',
    en: 'The server has no release key yet for the kiosks’ provisioning files: run npm run admin -- release-key first.',
  },
  invalid_server_url: {
    vi: 'Địa chỉ máy chủ phải có dạng http(s)://tên-máy[:cổng], không có đường dẫn, ví dụ https://nucuoi.bacgiang.gov.vn.',
    en: 'The server address must be http(s)://host[:port] with no path, such as https://nucuoi.bacgiang.gov.vn.',
  },
  enrolment_code_unusable: {
    vi: '{{count}} mã không dùng được (không phải mã của đơn vị này, đã dùng hoặc đã hết hạn): hãy tạo mã mới. Không có tệp nào được tạo.',
    en: '{{count}} code(s) cannot be used (not this unit’s, used or expired): make new codes. No file was made.',
  },
} as const satisfies Record<string, { vi: string; en: string }>;

export type ConsoleErrorCode = keyof typeof MESSAGES;
/** Every code the console API answers with (the console translates each: tests/console/i18n). */
export const CONSOLE_ERROR_CODES = Object.keys(MESSAGES) as ConsoleErrorCode[];
export type ConsoleLanguage = 'vi' | 'en';

/** The request's language: an explicit `en` in Accept-Language before any `vi`, else Vietnamese. */
export function requestLanguage(request: Pick<FastifyRequest, 'headers'>): ConsoleLanguage {
  const header = String(request.headers['accept-language'] ?? '').toLowerCase();
  const vi = header.search(/\bvi\b/);
  const en = header.search(/\ben\b/);
  return en !== -1 && (vi === -1 || en < vi) ? 'en' : 'vi';
}

/** The signed-in user's own language, else the request's. */
export function userLanguage(request: Pick<FastifyRequest, 'headers' | 'consoleSession'>): ConsoleLanguage {
  return request.consoleSession?.user.locale === 'en' ? 'en' : requestLanguage(request);
}

export function consoleMessage(code: ConsoleErrorCode, language: ConsoleLanguage, params: Record<string, string | number> = {}): string {
  return MESSAGES[code][language].replace(/\{\{(\w+)\}\}/g, (_match, name: string) => String(params[name] ?? ''));
}

/** A console error: HTTP status, stable code, and the parameters of its message. */
export class ConsoleError extends HttpError {
  constructor(
    statusCode: number,
    readonly consoleCode: ConsoleErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly field?: string,
    headers: Record<string, string> = {},
  ) {
    super(statusCode, consoleCode, consoleMessage(consoleCode, 'en', params), headers);
  }

  /** More the answer's body carries beside `error`, `message` and `field` (e.g. every invalid setting). */
  body: Record<string, unknown> = {};

  withBody(body: Record<string, unknown>): this {
    this.body = body;
    return this;
  }
}
