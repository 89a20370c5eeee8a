#!/bin/sh
# Regenerates the kiosk's spoken prompts (setting spokenPrompts) with Debian's espeak-ng and sox:
#   apt-get install espeak-ng sox && sh assets/sounds/make-sounds.sh
# The texts are the same as the on-screen prompts (renderer/src/i18n/locales/*.json, key "speech").
# The .ogg files are committed and shipped: the kiosk never fetches or synthesises speech at run time.
set -eu
cd "$(dirname "$0")"
say() { # voice, file, text
  espeak-ng -v "$1" -s 140 -w "/tmp/nu-cuoi-$2.wav" "$3"
  sox "/tmp/nu-cuoi-$2.wav" -r 16000 -c 1 -C 2 "$2.ogg" gain -n -1
  rm -f "/tmp/nu-cuoi-$2.wav"
}
say vi details-vi "Đánh giá của ông bà đã được ghi nhận. Ông bà có thể cho biết thêm, hoặc bấm Hoàn tất đánh giá."
say en details-en "Your rating has been saved. You may tell us more, or press Finish rating."
say vi comment-vi "Xin mời ông bà viết ý kiến bằng bàn phím trên màn hình."
say en comment-en "Please write your comment with the keyboard on the screen."
say vi dossier-vi "Ông bà có thể nhập hoặc quét mã hồ sơ trên giấy hẹn."
say en dossier-en "You may type or scan the dossier code on your receipt."
say vi thanks-vi "Xin cảm ơn ông bà."
say en thanks-en "Thank you."
