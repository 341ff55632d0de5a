import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { readCapture } from './photoExif'
import { photoFlags } from './photoFlags'

/** The EXIF block sharp reads back from a tiny JPEG written with these tags. */
async function exifOf(ifd2: Record<string, string>, ifd3: Record<string, string> = {}): Promise<Buffer | undefined> {
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TestPhone' }, IFD2: ifd2, IFD3: ifd3 })
    .toBuffer()
  return (await sharp(jpeg).metadata()).exif
}

describe('what a photo says of its capture', () => {
  it('reads a capture time without a zone as Beijing time, and one with a zone as that zone', async () => {
    expect(readCapture(await exifOf({ DateTimeOriginal: '2024:05:01 08:30:00' })).capturedAt).toBe('2024-05-01T00:30:00.000Z')
    expect(readCapture(await exifOf({ DateTimeOriginal: '2024:05:01 08:30:00', OffsetTimeOriginal: '+09:00' })).capturedAt).toBe('2024-04-30T23:30:00.000Z')
  })

  it('reads the GPS position with its hemispheres, and takes 0/0 or an unset clock for nothing', async () => {
    const place = readCapture(await exifOf({}, { GPSLatitudeRef: 'N', GPSLatitude: '39/1 56/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '116/1 24/1 0/1' })).capturedPlace
    expect(place?.lat).toBeCloseTo(39.941667, 5)
    expect(place?.lng).toBeCloseTo(116.4, 5)
    expect(readCapture(await exifOf({ DateTimeOriginal: '1970:01:01 00:00:00' }, { GPSLatitudeRef: 'N', GPSLatitude: '0/1 0/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '0/1 0/1 0/1' }))).toEqual({ capturedAt: null, capturedPlace: null })
  })

  it('treats a missing or unreadable EXIF block as saying nothing', () => {
    expect(readCapture(undefined)).toEqual({ capturedAt: null, capturedPlace: null })
    expect(readCapture(Buffer.from('Exif\0\0garbage'))).toEqual({ capturedAt: null, capturedPlace: null })
  })
})

describe('the flags of a photo', () => {
  const place = { lng: 116.4, lat: 39.94 }
  it('flags gallery past 30 minutes, far past 300 m, and what it cannot compare', () => {
    const upload = '2024-05-01T01:00:00.000Z'
    expect(photoFlags({ capturedAt: '2024-05-01T00:31:00.000Z', capturedPlace: place }, upload, place)).toEqual([])
    expect(photoFlags({ capturedAt: '2024-05-01T00:29:00.000Z', capturedPlace: { lng: 116.404, lat: 39.94 } }, upload, place)).toEqual(['gallery', 'far'])
    expect(photoFlags({ capturedAt: null, capturedPlace: null }, upload, place)).toEqual(['no_time', 'no_place'])
    expect(photoFlags({ capturedAt: upload, capturedPlace: { lng: 117, lat: 40 } }, upload, null)).toEqual([])
  })
})
