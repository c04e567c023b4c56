import { AppError } from '@/utils/errors';

/**
 * A HEIC/HEIF photo (iPhones' default format), which Chrome and Firefox cannot decode: the shopper
 * gets the way to a JPEG rather than a generic "not a photo". Shown for its MIME type (before the
 * file is read) and for its bytes (utils/photos/sniff.ts) when the browser gave no type.
 */
export const heicPhotoError = () =>
  new AppError(
    'photo_heic',
    'This is a HEIC photo, which this browser cannot open. Save it as JPEG first: on an iPhone, share or export it as JPEG (or set Settings > Camera > Formats > Most Compatible for new photos), then choose it again.',
  );
