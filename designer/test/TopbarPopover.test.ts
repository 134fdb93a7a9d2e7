import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import TopbarPopover from '@/components/TopbarPopover.vue';

describe('top-bar dropdown', () => {
  it('opens on click, focuses the first action, and closes on Escape (focus back) or a click outside', async () => {
    const w = mount(TopbarPopover, { props: { label: 'Menu', testId: 'menu' }, slots: { button: 'Me', default: '<button class="act">Sign out</button>' }, attachTo: document.body });
    const button = w.find('button[data-test="menu"]');
    expect(button.attributes('aria-expanded')).toBe('false');
    await button.trigger('click');
    await nextTick();
    await nextTick();
    expect(button.attributes('aria-expanded')).toBe('true');
    expect(document.activeElement?.className).toBe('act');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await nextTick();
    expect(w.find('.act').exists()).toBe(false);
    expect(document.activeElement).toBe(button.element);
    await button.trigger('click');
    await nextTick();
    document.body.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    await nextTick();
    expect(w.find('.act').exists()).toBe(false);
    w.unmount();
  });
});
