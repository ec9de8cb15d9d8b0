import { Prng } from './prng';
import { PILOT_DEFAULTS, pilotProfile } from './pilot-profile';

/** Municipality and sector of every participant, as the profile assigns them at registration. */
function workplaces(professionals: number) {
  const profile = pilotProfile({ ...PILOT_DEFAULTS, professionals });
  const prng = new Prng(1);
  return Array.from({ length: professionals }, (_, index) => profile.workplace(prng, index));
}

const countIn = (places: ReturnType<typeof workplaces>, municipality: string) =>
  places.filter((place) => place.municipality === municipality).length;

describe('pilotProfile', () => {
  it('gives Maastricht its 18, six from each sector, once there are enough professionals', () => {
    for (const professionals of [23, 60, 500]) {
      const places = workplaces(professionals);
      const maastricht = places.filter((place) => place.municipality === 'Maastricht');
      expect(maastricht).toHaveLength(18);
      for (const sector of ['werk', 'inkomen', 'zorg']) {
        expect(maastricht.filter((place) => place.sector === sector)).toHaveLength(6);
      }
      expect(new Set(places.map((place) => place.municipality)).size).toBe(6);
    }
  });

  it('keeps one professional in each of the six municipalities when there are few', () => {
    const places = workplaces(6);
    expect(new Set(places.map((place) => place.municipality)).size).toBe(6);
    expect(countIn(workplaces(10), 'Maastricht')).toBe(5);
  });

  it('registers everyone inside the simulated years', () => {
    const profile = pilotProfile({ ...PILOT_DEFAULTS, years: 1, professionals: 200 });
    const prng = new Prng(1);
    const days = Array.from({ length: 200 }, (_, index) => profile.registrationDay(prng, index));
    expect(Math.min(...days)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...days)).toBeLessThan(366);
  });

  it('shares one development plan in Maastricht only', () => {
    const profile = pilotProfile(PILOT_DEFAULTS);
    expect(profile.sharedPlan?.('Maastricht')?.length).toBeGreaterThanOrEqual(2);
    expect(profile.sharedPlan?.('Den Haag')).toBeUndefined();
  });
});
