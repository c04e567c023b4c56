import { useState } from 'preact/hooks';
import { ErrorNotice } from '@/components/ErrorNotice';
import { CatalogNotice } from '@/components/panel/CatalogNotice';
import { ChooseView, StartActions } from '@/components/panel/ChooseView';
import { catalogAllowsStart } from '@/components/panel/panel-flow';
import { FailureView } from '@/components/panel/FailureView';
import { ManualSkuForm } from '@/components/panel/ManualSkuForm';
import { PanelDialog } from '@/components/panel/PanelDialog';
import { ProductSummary } from '@/components/panel/ProductSummary';
import { ProgressView } from '@/components/panel/ProgressView';
import { ResultView, type ResultImage } from '@/components/panel/ResultView';
import { useActionGate } from '@/components/panel/use-action-gate';
import { usePanelFlow } from '@/components/panel/use-panel-flow';
import { PhotoSection } from '@/components/photo/PhotoSection';
import { useClock } from '@/components/use-clock';
import { downloadImage, imageExtension } from '@/utils/download-image';
import { t } from '@/utils/i18n';
import { shareImage } from '@/utils/share-image';

/** The file name of a result picture of this product. */
const resultFileName = (skuId: string) => (type: string) => `try-on-${skuId.replace(/[^\w.-]+/g, '_')}.${imageExtension(type)}`;

/**
 * The panel: an extension page in an iframe over the store page. Consent, photo choice, progress,
 * result and errors for the product the content script opened it for; each view is a component,
 * the flow between them is usePanelFlow.
 */
export function App({ sessionId }: { sessionId: string }) {
  const flow = usePanelFlow(sessionId);
  // Clicks that upload, spend or delete count only while the shopper can see the panel.
  const gate = useActionGate(sessionId);
  const { view, product, skuId, typedSku, choice, preferSaved, cancelling, outfitNote, catalog } = flow.state;
  // What the photo picker last did that the shopper should hear (a photo deleted), said in the panel's status region.
  const [photoStatus, setPhotoStatus] = useState<string | null>(null);
  const now = useClock(view.name === 'running' || catalog.status === 'preparing');
  // A result of this panel's try-on, or one of the same items from before it opened (history).
  const shown = view.name === 'done' ? { images: view.job.result ?? [], items: view.job.items } : view.name === 'earlier' ? view.entry : null;

  return (
    <PanelDialog
      title={t('panel_title')}
      onClose={flow.close}
      footer={
        view.name === 'choose' && (
          <StartActions others={flow.others.length} ready={Boolean(choice)} waiting={!catalogAllowsStart(catalog)} onStart={() => void flow.start()} />
        )
      }
    >
      {product && view.name !== 'broken' && <ProductSummary product={product} skuId={skuId} />}
      {view.name === 'loading' && (
        <p class="hint" role="status" data-loading>
          {t('panel_loading')}
        </p>
      )}
      {view.name === 'broken' && <ErrorNotice error={view.error} onAction={flow.act} />}
      {view.name === 'sku' && (
        <ManualSkuForm
          reason={view.reason}
          tried={view.reason === 'not_available' ? view.tried : undefined}
          initial={view.reason === 'unknown' ? skuId : typedSku}
          onSubmit={(code) => void flow.enterSku(code)}
        />
      )}
      {view.name === 'choose' && <CatalogNotice catalog={catalog} now={now} onAction={flow.act} />}
      {view.name === 'choose' && (
        <ChooseView others={flow.others} limit={flow.outfit.limit} onRemove={(sku) => void flow.outfit.remove(sku)}>
          <PhotoSection value={choice} preferSaved={preferSaved} onChosen={flow.choose} announce={setPhotoStatus} />
        </ChooseView>
      )}
      {view.name === 'running' && <ProgressView job={view.job} now={now} cancelling={cancelling} onCancel={() => void flow.cancel(view.job)} />}
      {shown && (
        <ResultView
          images={shown.images as ResultImage[]}
          earlier={view.name === 'earlier'}
          before={flow.before}
          itemNames={shown.items.map((item) => item.name ?? item.skuId)}
          canAddToOutfit={!flow.outfit.items.some((item) => item.skuId === skuId)}
          outfitNote={outfitNote}
          onTryAgain={flow.back}
          onAddToOutfit={() => void flow.keepInOutfit()}
          onDownload={(image) => void downloadImage(image.url, resultFileName(skuId))}
          onShare={(image) => shareImage(image.url, resultFileName(skuId), t('panel_result_title'))}
        />
      )}
      {view.name === 'failed' && <FailureView error={view.error} onAction={flow.act} onBack={flow.back} />}
      <p class="hint gate-hint" role="status">
        {gate.hint ?? (view.name === 'choose' && photoStatus)}
      </p>
    </PanelDialog>
  );
}
