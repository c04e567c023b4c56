import { createRaster, fillEllipse, fillPolygon, fillRect, verticalGradient, type Point, type Raster, type Rgb } from './raster';

/**
 * A stylised person standing front-on in a room: the sample shopper photo and the predefined try-on
 * models. Not a photograph, but shaped like one (head, torso, arms, legs) so composites look sensible.
 */

export interface PersonLook {
  skin: Rgb;
  hair: Rgb;
  longHair: boolean;
  top: Rgb;
  bottom: Rgb;
  shoes: Rgb;
  wall: Rgb;
}

/** Where the generated person stands, as fractions of the image; composites place garments by it. */
export const PERSON_FRAME = { top: 0.06, height: 0.86, aspect: 1 / 2.6 } as const;

export const SHOPPER_LOOK: PersonLook = {
  skin: [224, 182, 150],
  hair: [70, 48, 36],
  longHair: true,
  top: [236, 236, 232],
  bottom: [60, 72, 96],
  shoes: [40, 40, 40],
  wall: [214, 222, 230],
};

export function renderPersonPhoto(look: PersonLook, width = 720, height = 960): Raster {
  const raster = createRaster(width, height, look.wall);
  const floorY = Math.round(height * 0.8);
  verticalGradient(raster, look.wall, shade(look.wall, 0.9), 0, floorY);
  verticalGradient(raster, [176, 156, 134], [146, 126, 106], floorY, height);
  const personHeight = height * PERSON_FRAME.height;
  const personWidth = Math.min(width * 0.9, personHeight * PERSON_FRAME.aspect);
  const left = (width - personWidth) / 2;
  const top = height * PERSON_FRAME.top;
  fillEllipse(raster, width / 2, top + personHeight * 0.97, personWidth * 0.45, height * 0.015, [0, 0, 0], 0.18);
  drawPerson(raster, look, left, top, personWidth, personHeight);
  return raster;
}

function shade(color: Rgb, factor: number): Rgb {
  return [Math.round(color[0] * factor), Math.round(color[1] * factor), Math.round(color[2] * factor)];
}

function drawPerson(raster: Raster, look: PersonLook, left: number, top: number, width: number, height: number) {
  const p = (u: number, v: number): Point => [left + u * width, top + v * height];
  const poly = (points: [number, number][], color: Rgb) => fillPolygon(raster, points.map(([u, v]) => p(u, v)), color);
  const ellipse = (u: number, v: number, ru: number, rv: number, color: Rgb) => {
    const [x, y] = p(u, v);
    fillEllipse(raster, x, y, ru * width, rv * height, color);
  };

  if (look.longHair) poly([[0.33, 0.07], [0.67, 0.07], [0.7, 0.22], [0.3, 0.22]], look.hair);
  ellipse(0.5, 0.085, 0.17, 0.07, look.hair);
  // Arms (skin), then sleeves, torso and legs over them.
  poly([[0.22, 0.18], [0.13, 0.34], [0.11, 0.5], [0.18, 0.5], [0.21, 0.36], [0.28, 0.24]], look.skin);
  poly([[0.78, 0.18], [0.87, 0.34], [0.89, 0.5], [0.82, 0.5], [0.79, 0.36], [0.72, 0.24]], look.skin);
  ellipse(0.145, 0.515, 0.045, 0.02, look.skin);
  ellipse(0.855, 0.515, 0.045, 0.02, look.skin);
  fillRect(raster, ...p(0.45, 0.12), width * 0.1, height * 0.06, look.skin);
  ellipse(0.5, 0.095, 0.13, 0.058, look.skin);
  poly([[0.22, 0.18], [0.15, 0.3], [0.23, 0.32], [0.27, 0.26]], look.top);
  poly([[0.78, 0.18], [0.85, 0.3], [0.77, 0.32], [0.73, 0.26]], look.top);
  poly([[0.22, 0.18], [0.4, 0.16], [0.5, 0.19], [0.6, 0.16], [0.78, 0.18], [0.74, 0.48], [0.26, 0.48]], look.top);
  poly([[0.27, 0.47], [0.73, 0.47], [0.7, 0.94], [0.54, 0.94], [0.5, 0.58], [0.46, 0.94], [0.3, 0.94]], look.bottom);
  ellipse(0.38, 0.955, 0.1, 0.018, look.shoes);
  ellipse(0.62, 0.955, 0.1, 0.018, look.shoes);
  // Face: eyes and mouth, so the figure reads as a person facing the camera.
  ellipse(0.45, 0.09, 0.015, 0.006, [50, 40, 40]);
  ellipse(0.55, 0.09, 0.015, 0.006, [50, 40, 40]);
  ellipse(0.5, 0.12, 0.035, 0.005, [170, 90, 90]);
}

export const MODEL_LOOKS: Record<string, PersonLook> = {
  model_woman_00: { ...SHOPPER_LOOK, skin: [198, 150, 120], hair: [30, 24, 20], wall: [232, 226, 218] },
  model_woman_01: { ...SHOPPER_LOOK, skin: [240, 205, 180], hair: [200, 160, 90], wall: [220, 230, 222] },
  model_man_00: {
    ...SHOPPER_LOOK,
    longHair: false,
    skin: [150, 105, 80],
    hair: [20, 20, 20],
    top: [90, 100, 110],
    wall: [226, 222, 232],
  },
  model_man_01: {
    ...SHOPPER_LOOK,
    longHair: false,
    skin: [230, 190, 160],
    hair: [110, 80, 50],
    top: [180, 60, 60],
    wall: [214, 214, 214],
  },
};
