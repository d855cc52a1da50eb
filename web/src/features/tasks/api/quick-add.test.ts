import { describe, expect, it } from 'vitest';
import { buildProject } from '@/testing/data';
import { takeProjectWord } from './quick-add';

const inbox = buildProject({ name: 'Inbox', inbox: true });
const work = buildProject({ name: 'Work' });
const workshop = buildProject({ name: 'Workshop' });
const renovation = buildProject({ name: 'Home renovation' });
const old = buildProject({ name: 'Holiday 2025', archived: true });
const projects = [inbox, work, workshop, renovation, old];

describe('the @project word of quick-add', () => {
  it('when a word names a project without regard to case, then it is taken out of the line', () => {
    expect(takeProjectWord('Send the report @WORK tomorrow', projects)).toEqual({
      line: 'Send the report tomorrow',
      project: work,
      problem: null,
    });
  });

  it('when the start of only one name is given, then that project is meant', () => {
    expect(takeProjectWord('Paint @home', projects).project).toBe(renovation);
    expect(takeProjectWord('Sand the bench @works', projects).project).toBe(workshop);
  });

  it('when _ stands for a space, then a name with spaces matches', () => {
    expect(takeProjectWord('Paint @home_renovation', projects).project).toBe(renovation);
  });

  it('when an exact name is also the start of another one, then the exact name wins', () => {
    expect(takeProjectWord('Call @work', projects).project).toBe(work);
  });

  it('when the start fits several names, then the problem names them', () => {
    const word = takeProjectWord('Call @wor', projects);
    expect(word.project).toBeNull();
    expect(word.problem).toBe('@wor could be Work or Workshop: type more of the name.');
  });

  it('when no open project fits, then the problem says so; archived ones take no tasks', () => {
    expect(takeProjectWord('Book @garden', projects).problem).toBe(
      'No project is called @garden. Check the name, or create the project first.',
    );
    expect(takeProjectWord('Book @holiday', projects).project).toBeNull();
  });

  it('when there are several @ words, then the last one counts; a lone @ or an address stays', () => {
    expect(takeProjectWord('Move @work @inbox', projects)).toEqual({
      line: 'Move',
      project: inbox,
      problem: null,
    });
    expect(takeProjectWord('Mail ada@example.com @ noon', projects)).toEqual({
      line: 'Mail ada@example.com @ noon',
      project: null,
      problem: null,
    });
  });
});
