import { useState, type ClipboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { applyTelexKey, backspace, diacriticChoices, replaceLastWord } from '../../../shared/telex';
import { OnScreenKeyboard, type KeyboardAction } from '../components/OnScreenKeyboard';
import { cleanComment, commentLength, COMMENT_MAX_LENGTH } from '../flow/input-text';

type Notice = 'full' | 'truncated' | 'cleaned' | null;
const MAX_CHOICES = 9;

/**
 * The comment, typed on the on-screen Vietnamese keyboard (Telex, with one-tap accent choices for
 * the last word). The text is shown as plain text, never as markup, in its own direction.
 */
export function CommentScreen({
  comment,
  language,
  onChange,
  onDone,
}: {
  comment: string;
  language: string;
  onChange: (comment: string) => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [telex, setTelex] = useState(language === 'vi');
  const [notice, setNotice] = useState<Notice>(null);
  const length = commentLength(comment);

  const change = (next: string) => {
    const clean = cleanComment(next);
    if (commentLength(next) > COMMENT_MAX_LENGTH) {
      setNotice('full');
      if (length >= COMMENT_MAX_LENGTH) return;
    } else setNotice(clean.cleaned ? 'cleaned' : null);
    onChange(clean.text);
  };

  const onAction = (action: KeyboardAction) => {
    if (action.type === 'backspace') return change(backspace(comment));
    if (action.type === 'space') return change(comment + ' ');
    const { char } = action;
    change(telex && /^[a-zA-Z]$/.test(char) ? applyTelexKey(comment, char) : comment + char);
  };

  // Pasted text (there is no keyboard, but a kiosk may still receive it) is cleaned and cut to the limit.
  const onPaste = (event: ClipboardEvent<HTMLDivElement>) => {
    event.preventDefault();
    const pasted = event.clipboardData.getData('text/plain');
    const clean = cleanComment(comment + pasted);
    setNotice(clean.truncated ? 'truncated' : clean.cleaned ? 'cleaned' : null);
    onChange(clean.text);
  };

  const choices = telex ? diacriticChoices(comment).slice(0, MAX_CHOICES) : [];
  return (
    <section className="screen comment" data-testid="comment-screen">
      <div className="screen-head">
        <h1 id="comment-title">{t('comment.title')}</h1>
        <span className={`counter${length >= COMMENT_MAX_LENGTH ? ' counter-full' : ''}`} data-testid="comment-counter" aria-live="polite">
          {t('comment.counter', { count: length, max: COMMENT_MAX_LENGTH })}
        </span>
        <button type="button" className="action primary" data-testid="comment-done" onClick={onDone}>
          {t('comment.save')}
        </button>
      </div>
      <div
        className="comment-box"
        role="textbox"
        aria-multiline="true"
        aria-readonly="true"
        aria-labelledby="comment-title"
        tabIndex={0}
        dir="auto"
        data-testid="comment-text"
        onPaste={onPaste}
      >
        {comment ? <bdi>{comment}</bdi> : <span className="placeholder">{t('comment.placeholder')}</span>}
        <span className="caret" aria-hidden="true" />
      </div>
      {notice && (
        <p className="notice" role="status" data-testid="comment-notice">
          {t(`comment.${notice}`, { max: COMMENT_MAX_LENGTH })}
        </p>
      )}
      <div className="choices" role="group" aria-label={t('comment.choices')} data-testid="choices">
        {choices.length > 0 ? (
          choices.map((choice) => (
            <button type="button" className="choice" key={choice} onClick={() => change(replaceLastWord(comment, choice))}>
              {choice}
            </button>
          ))
        ) : (
          <span className="hint">{telex ? t('keyboard.hint') : ''}</span>
        )}
      </div>
      <OnScreenKeyboard onAction={onAction} telex={telex} onTelexChange={setTelex} />
    </section>
  );
}
