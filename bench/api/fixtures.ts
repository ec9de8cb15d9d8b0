/** Admitted professionals with a plan: the activity load spreads over their streams. */
export async function admittedProfessionals(baseUrl: string, count: number): Promise<string[]> {
  const post = async (path: string, actor: string, body: unknown, method = 'POST') => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-dev-actor': actor },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, string>;
  };
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const { professionalId } = await post('/v1/professionals', 'registrar:bench', {
      name: `Klantmanager ${index}`,
      email: `km${index}@bench.example`,
      municipality: 'Nijmegen',
      sector: (['werk', 'inkomen', 'zorg'] as const)[index % 3],
      diploma: { level: 'hbo', field: 'SJD' },
      experienceYears: 5,
      codeSigned: true,
    });
    await post(`/v1/professionals/${professionalId}/admission`, 'assessor:bench', {
      outcome: 'admitted',
      reasons: ['bench'],
    });
    ids.push(professionalId);
  }
  return ids;
}

/** The body of one logged activity, as a professional sends it. */
export const ACTIVITY_BODY = JSON.stringify({
  title: 'Intervisie casuïstiek',
  category: 'reflectie',
  hours: 2.5,
  competencies: ['gespreksvoering', 'reflectie-en-ontwikkeling'],
  completedOn: '2016-05-10',
  provider: 'Intervisiegroep Nijmegen-Oost',
});
