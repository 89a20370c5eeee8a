import commentEn from '../../assets/sounds/comment-en.ogg';
import commentVi from '../../assets/sounds/comment-vi.ogg';
import detailsEn from '../../assets/sounds/details-en.ogg';
import detailsVi from '../../assets/sounds/details-vi.ogg';
import dossierEn from '../../assets/sounds/dossier-en.ogg';
import dossierVi from '../../assets/sounds/dossier-vi.ogg';
import thanksEn from '../../assets/sounds/thanks-en.ogg';
import thanksVi from '../../assets/sounds/thanks-vi.ogg';

export type Prompt = 'details' | 'comment' | 'dossier' | 'thanks';

/** Short spoken prompts, shipped with the app (assets/sounds, made by make-sounds.sh): no network. */
const PROMPTS: Record<Prompt, { vi: string; en: string }> = {
  details: { vi: detailsVi, en: detailsEn },
  comment: { vi: commentVi, en: commentEn },
  dossier: { vi: dossierVi, en: dossierEn },
  thanks: { vi: thanksVi, en: thanksEn },
};

let playing: HTMLAudioElement | null = null;

/** Plays a prompt in the citizen's language, cutting off the one before. Never throws. */
export function speak(prompt: Prompt, language: string): void {
  try {
    playing?.pause();
    const audio = new Audio(PROMPTS[prompt][language === 'en' ? 'en' : 'vi']);
    audio.dataset.prompt = prompt;
    playing = audio;
    void audio.play().catch(() => undefined);
  } catch {
    // No audio device: the prompts are an extra, the screen says the same.
  }
}

/** The prompt last started (for tests and diagnostics). */
export function lastPrompt(): string | null {
  return playing?.dataset.prompt ?? null;
}
