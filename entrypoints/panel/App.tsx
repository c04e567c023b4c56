import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { ErrorNotice } from '@/components/ErrorNotice';
import { ManualSkuForm } from '@/components/panel/ManualSkuForm';
import { OutfitList } from '@/components/panel/OutfitList';
import { PanelDialog } from '@/components/panel/PanelDialog';
import { ProductSummary } from '@/components/panel/ProductSummary';
import { ProgressView } from '@/components/panel/ProgressView';
import { ResultView, type ResultImage } from '@/components/panel/ResultView';
import { PhotoPicker } from '@/components/photo/PhotoPicker';
import { toAppError, type AppErrorData } from '@/utils/errors';
import { t } from '@/utils/i18n';
import { isFinished, type Job, type PhotoChoice } from '@/utils/jobs/schema';
import { onEvent, sendMessage } from '@/utils/messaging';
import type { ErrorAction } from '@/components/error-action';
import { maxItemsAnyFlavour, maxItemsPerTryOn } from '@/utils/aiuta/flavours';
import { addToOutfit, itemsForTryOn, removeFromOutfit } from '@/utils/outfit';
import { closeRequest } from '@/utils/messaging/panel-link';
import { tryOnItemSchema, type Product, type TryOnItem } from '@/utils/product';
import { getSettings, outfitItem } from '@/utils/storage';
import { downloadImage, imageExtension } from '@/utils/download-image';
import { openSettings } from '@/components/panel/open-settings';

type View =
  | { name: 'loading' }
  | { name: 'broken'; error: AppErrorData }
  | { name: 'sku'; reason: 'not_found' | 'unknown' }
  | { name: 'choose' }
  | { name: 'running'; job: Job }
  | { name: 'done'; job: Job }
  | { name: 'failed'; error: AppErrorData };

const JOB_POLL_MS = 3000;
const outfitSchema = z.array(tryOnItemSchema).max(maxItemsAnyFlavour);

const isActive = (job: Job) => !isFinished(job);

/**
 * Asks the content script around the frame to close the panel (a tab of its own just closes).
 * A task later, so the key or click that asked has finished in this frame before the frame goes.
 */
function requestClose(sessionId: string): void {
  setTimeout(() => {
    if (window.parent === window) return window.close();
    window.parent.postMessage(closeRequest(), '*');
    // The same request through the extension: the page cannot intercept that one.
    sendMessage('panel.close', { sessionId }).catch(() => undefined);
  }, 0);
}

function itemFor(product: Product, skuId: string): TryOnItem {
  return { skuId, name: product.name, image: product.image, pageUrl: product.pageUrl };
}

/**
 * The panel: an extension page in an iframe over the store page. Consent, photo choice, progress,
 * result and errors for the product the content script opened it for.
 */
export function App({ sessionId }: { sessionId: string }) {
  const [view, setView] = useState<View>({ name: 'loading' });
  const [product, setProduct] = useState<Product | null>(null);
  const [skuId, setSkuId] = useState('');
  const [choice, setChoice] = useState<PhotoChoice | null>(null);
  // The saved photo is picked by itself, except after the shopper was asked to change it.
  const [pickSaved, setPickSaved] = useState(true);
  const [outfit, setOutfit] = useState<TryOnItem[]>([]);
  const [limit, setLimit] = useState(maxItemsPerTryOn['digital-try-on-v1']);
  const [now, setNow] = useState(Date.now());
  const [cancelling, setCancelling] = useState(false);
  const [before, setBefore] = useState<string | undefined>(undefined);
  const [outfitNote, setOutfitNote] = useState<string | undefined>(undefined);
  const jobId = useRef<string | null>(null);

  const showJob = (job: Job) => {
    if (job.id !== jobId.current) return;
    if (isActive(job)) setView({ name: 'running', job });
    else if (job.status === 'done') setView({ name: 'done', job });
    else if (job.status === 'cancelled') setView({ name: 'choose' });
    else setView({ name: 'failed', error: job.error ?? { code: 'generation_failed', message: 'The try-on could not be generated.' } });
    if (!isActive(job)) setCancelling(false);
  };

  useEffect(() => {
    // Esc closes on release: the key's whole press then belongs to the panel, none of it to a frame
    // that is being removed (or to the page, which would see a stray keyup).
    let escapeDown = false;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') escapeDown = true;
    };
    const onKeyUp = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !escapeDown) return;
      escapeDown = false;
      requestClose(sessionId);
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('keyup', onKeyUp);
    const unsubscribe = onEvent('job.updated', ({ job }) => showJob(job));
    const unwatch = outfitItem.watch((value) => setOutfit(parseOutfit(value)));
    outfitItem.getValue().then((value) => setOutfit(parseOutfit(value)));
    getSettings().then((settings) => setLimit(maxItemsPerTryOn[settings.apiFlavour]));
    void loadSession();
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('keyup', onKeyUp);
      unsubscribe();
      unwatch();
    };
  }, []);

  // While a try-on runs: tick the clock, and ask for the job now and then in case an event was missed.
  const running = view.name === 'running';
  useEffect(() => {
    if (!running) return;
    const clock = setInterval(() => setNow(Date.now()), 1000);
    const poll = setInterval(() => {
      sendMessage('jobs.list', {})
        .then(({ jobs }) => {
          const job = jobs.find((candidate) => candidate.id === jobId.current);
          if (job) showJob(job);
        })
        .catch(() => undefined);
    }, JOB_POLL_MS);
    return () => {
      clearInterval(clock);
      clearInterval(poll);
    };
  }, [running]);

  async function loadSession() {
    try {
      const { product: opened } = await sendMessage('panel.session', { sessionId });
      setProduct(opened);
      setSkuId(opened.sku);
      const resumed = await resumeJob(opened.sku);
      if (resumed) return;
      setView(opened.sku ? { name: 'choose' } : { name: 'sku', reason: 'not_found' });
    } catch (error) {
      setView({ name: 'broken', error: toAppError(error).toJSON() });
    }
  }

  /** A try-on for this product still running (the panel was closed and opened again) is shown, not restarted. */
  async function resumeJob(sku: string): Promise<boolean> {
    if (!sku) return false;
    try {
      const { jobs } = await sendMessage('jobs.list', {});
      const job = jobs.find((candidate) => isActive(candidate) && candidate.items.some((item) => item.skuId === sku));
      if (!job) return false;
      jobId.current = job.id;
      setChoice(job.photo);
      showJob(job);
      return true;
    } catch {
      return false;
    }
  }

  async function start() {
    if (!product || !choice || !skuId) return;
    setOutfitNote(undefined);
    setBefore(undefined);
    try {
      const items = itemsForTryOn(outfit, itemFor(product, skuId), limit);
      const { job } = await sendMessage('tryOn.start', { items, skuCatalogName: product.skuCatalogName, photo: choice });
      jobId.current = job.id;
      setNow(Date.now());
      showJob(job);
    } catch (error) {
      setView({ name: 'failed', error: toAppError(error).toJSON() });
    }
  }

  async function cancel(job: Job) {
    setCancelling(true);
    try {
      showJob((await sendMessage('tryOn.cancel', { jobId: job.id })).job);
    } catch (error) {
      setCancelling(false);
      setView({ name: 'failed', error: toAppError(error).toJSON() });
    }
  }

  // The "before" half of the comparison: the photo the result was made from.
  const doneJob = view.name === 'done' ? view.job : null;
  useEffect(() => {
    if (!doneJob) return;
    if (doneJob.photo.kind === 'model') setBefore(doneJob.photo.url);
    else
      sendMessage('photo.get', {})
        .then(({ photo }) => setBefore(photo?.thumbnail))
        .catch(() => setBefore(undefined));
  }, [doneJob?.id]);

  async function keepInOutfit() {
    if (!product) return;
    const added = addToOutfit(outfit, itemFor(product, skuId), limit);
    if (!added.ok) {
      setOutfitNote(t(added.reason === 'full' ? 'panel_outfit_full' : 'panel_outfit_already', String(limit)));
      return;
    }
    await outfitItem.setValue(added.outfit);
    setOutfitNote(t('panel_outfit_added'));
  }

  async function dropFromOutfit(sku: string) {
    await outfitItem.setValue(removeFromOutfit(outfit, sku));
  }

  function act(action: ErrorAction) {
    switch (action) {
      case 'retry':
        if (choice && skuId) void start();
        else setView({ name: 'choose' });
        return;
      case 'change_photo':
        setChoice(null);
        setPickSaved(false);
        setView({ name: 'choose' });
        return;
      case 'enter_sku':
        setView({ name: 'sku', reason: 'unknown' });
        return;
      case 'edit_outfit':
        setView({ name: 'choose' });
        return;
      case 'open_settings':
        void openSettings();
        return;
      case 'close':
        requestClose(sessionId);
    }
  }

  const others = product && skuId ? itemsForTryOn(outfit, itemFor(product, skuId), limit).slice(0, -1) : [];

  return (
    <PanelDialog title={t('panel_title')} onClose={() => requestClose(sessionId)}>
      {product && view.name !== 'broken' && <ProductSummary product={product} skuId={skuId} />}
      {view.name === 'loading' && (
        <p class="hint" role="status">
          {t('panel_loading')}
        </p>
      )}
      {view.name === 'broken' && <ErrorNotice error={view.error} onAction={act} />}
      {view.name === 'sku' && (
        <ManualSkuForm
          reason={view.reason}
          initial={view.reason === 'unknown' ? skuId : ''}
          onSubmit={(sku) => {
            setSkuId(sku);
            setView({ name: 'choose' });
          }}
        />
      )}
      {view.name === 'choose' && (
        <>
          <OutfitList items={others} limit={limit} onRemove={(sku) => void dropFromOutfit(sku)} />
          <PhotoPicker value={choice} preferSaved={pickSaved} onChosen={setChoice} />
          <div class="actions actions--main">
            <button type="button" class="primary" disabled={!choice} onClick={() => void start()}>
              {others.length > 0 ? t('panel_start_outfit', String(others.length + 1)) : t('panel_start')}
            </button>
            {!choice && <p class="hint">{t('panel_choose_first')}</p>}
          </div>
        </>
      )}
      {view.name === 'running' && <ProgressView job={view.job} now={now} cancelling={cancelling} onCancel={() => void cancel(view.job)} />}
      {view.name === 'done' && (
        <ResultView
          images={(view.job.result ?? []) as ResultImage[]}
          before={before}
          itemNames={view.job.items.map((item) => item.name ?? item.skuId)}
          canAddToOutfit={!outfit.some((item) => item.skuId === skuId)}
          outfitNote={outfitNote}
          onTryAgain={() => setView({ name: 'choose' })}
          onAddToOutfit={() => void keepInOutfit()}
          onDownload={(image) => void downloadImage(image.url, (type) => `try-on-${skuId.replace(/[^\w.-]+/g, '_')}.${imageExtension(type)}`)}
        />
      )}
      {view.name === 'failed' && (
        <div class="failure">
          <h2 class="section-title">{t('error_title')}</h2>
          <ErrorNotice error={view.error} onAction={act} />
          <button type="button" class="link-button" onClick={() => setView({ name: 'choose' })}>
            {t('panel_back')}
          </button>
        </div>
      )}
    </PanelDialog>
  );
}

function parseOutfit(value: unknown): TryOnItem[] {
  const parsed = outfitSchema.safeParse(value);
  return parsed.success ? parsed.data : [];
}
